import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Not found" };

export default async function NotFound() {
  // Rendered per request: the shell around it shows the endpoint in use, which is runtime configuration.
  await connection();
  return (
    <div className="max-w-2xl rounded border border-room-700 bg-room-900 p-5">
      <h1 className="text-lg font-semibold text-room-100">Page not found</h1>
      <p className="mt-2 text-sm text-room-300">
        This address is not a page of the console. Resources live under their section; press{" "}
        <kbd className="rounded border border-room-700 px-1 font-mono text-xs">Ctrl K</kbd> to jump to a stage, session
        or composition by name.
      </p>
      <ul className="mt-4 flex flex-wrap gap-3 text-sm">
        <li>
          <Link href="/" className="text-accent hover:underline">
            Overview
          </Link>
        </li>
        <li>
          <Link href="/stages" className="text-accent hover:underline">
            Stages
          </Link>
        </li>
        <li>
          <Link href="/compositions" className="text-accent hover:underline">
            Compositions
          </Link>
        </li>
      </ul>
    </div>
  );
}
