import type { ReactNode } from "react";

export function PageHeader({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children?: ReactNode;
}) {
  return (
    <div className="mb-6 flex items-end justify-between gap-4">
      <div>
        <h1 className="text-xl font-semibold text-room-100">{title}</h1>
        {description ? <p className="mt-1 max-w-3xl text-sm text-room-300">{description}</p> : null}
      </div>
      {children}
    </div>
  );
}
