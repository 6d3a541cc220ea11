import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { operationRoles } from "@/lib/auth/roles";

/**
 * Static guards, read from the code's structure (TypeScript's parser, not a regex over the text): every page
 * checks the session through `pageContext`, every route handler through `requestUser` (and, when it changes
 * anything, checks the origin) and answers only through the masking helpers, and every server action is defined
 * through the one action client with a role. A page, handler or action added later without its check fails here.
 */
const root = join(import.meta.dirname, "..", "..");
const rel = (path: string) => relative(root, path);

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : files(path, match);
    return match(entry.name) ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  const kind = path.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true, kind);
}

/** Every node below `node` (inclusive). */
function* walk(node: ts.Node): Generator<ts.Node> {
  yield node;
  for (const child of node.getChildren()) yield* walk(child);
}

/** The name a call is made through: `f(…)` → "f", `a.b(…)` → "a.b", `new X(…)` → "new X". */
function callee(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  const name = node.expression.getText().replace(/\s+/g, "");
  return ts.isNewExpression(node) ? `new ${name}` : name;
}

const callsIn = (node: ts.Node) => new Set([...walk(node)].map(callee).filter((name) => name !== undefined));

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Exported functions of a module: `export [async] function f` and `export const f = …`, with their bodies. */
function exportedFunctions(source: ts.SourceFile): { name: string; node: ts.Node }[] {
  return source.statements.flatMap((statement): { name: string; node: ts.Node }[] => {
    if (!isExported(statement)) return [];
    if (ts.isFunctionDeclaration(statement)) return [{ name: statement.name?.text ?? "default", node: statement }];
    if (ts.isVariableStatement(statement))
      return statement.declarationList.declarations.map((d) => ({ name: d.name.getText(), node: d }));
    return [];
  });
}

function hasDirective(source: ts.SourceFile, directive: string): boolean {
  const first = source.statements[0];
  return !!first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression)
    ? first.expression.text === directive
    : false;
}

const app = join(root, "app");

describe("every entry point checks sign-in in its own server code", () => {
  it("pages call pageContext in their default export (all but the sign-in page)", () => {
    const pages = files(app, (name) => name === "page.tsx").filter((path) => rel(path) !== "app/sign-in/page.tsx");
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const source = parse(page);
      const component = source.statements.find(
        (s) =>
          ts.isFunctionDeclaration(s) &&
          (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword),
      );
      expect(component, `${rel(page)}: default export`).toBeDefined();
      if (component) expect(callsIn(component).has("pageContext"), rel(page)).toBe(true);
    }
  });

  // EventBridge is a machine, not a signed-in browser: its endpoint authenticates an API key (constant time) instead.
  const machineRoutes = new Map([["app/api/events/eventbridge/route.ts", "ingestEventBridge"]]);
  // The push stream answers with a stream of change notices (no resource data), not JSON.
  const streamRoutes = new Set(["app/api/live/route.ts"]);
  const methods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]);
  const responders = new Set(["browserJson", "browserError", "unauthorizedResponse", "forbiddenResponse"]);
  const routes = files(app, (name) => name === "route.ts");

  it("route handlers call requestUser; those that change anything also check the origin", () => {
    expect(routes.length).toBeGreaterThanOrEqual(4);
    for (const route of routes) {
      const handlers = exportedFunctions(parse(route)).filter(({ name }) => methods.has(name));
      expect(handlers.length, rel(route)).toBeGreaterThan(0);
      for (const { name, node } of handlers) {
        const calls = callsIn(node);
        const where = `${rel(route)} ${name}`;
        const machine = machineRoutes.get(rel(route));
        if (machine) {
          expect(calls.has(machine), where).toBe(true);
          continue;
        }
        expect(calls.has("requestUser"), where).toBe(true);
        if (name !== "GET" && name !== "HEAD") expect(calls.has("isSameOriginRequest"), where).toBe(true);
      }
    }
  });

  // The JSON API; the sign-out redirect has no body, and the audit export is a download of records masked when written.
  it("API route handlers answer the browser only through the masking helpers (server/http/browser-json.ts)", () => {
    for (const route of routes) {
      if (machineRoutes.has(rel(route)) || !rel(route).startsWith("app/api/")) continue;
      const source = parse(route);
      const direct = [...walk(source)]
        .map(callee)
        .filter((name) => name !== undefined && /(^|\.|new )(Response|NextResponse)(\.|$)/.test(name));
      if (streamRoutes.has(rel(route))) expect(direct, rel(route)).toEqual(["new Response"]);
      else expect(direct, rel(route)).toEqual([]);
      expect(
        [...callsIn(source)].some((name) => responders.has(name)),
        rel(route),
      ).toBe(true);
    }
  });
});

describe("every server action is defined through the action client, with a role", () => {
  const builders = new Set(["ivsAction", "defineAction", "defineRegionAction"]);
  // Signing in is the one action without a signed-in user: it is the door (rate-limited and audited itself).
  const publicActions = new Set(["app/actions/auth.ts: signInAction"]);
  const modules = ["app", "components", "server", "lib"]
    .flatMap((dir) => files(join(root, dir), (name) => /\.tsx?$/.test(name) && !name.endsWith(".test.ts")))
    .map(parse)
    .filter((source) => hasDirective(source, "use server"));

  /** Object literals a spec spreads in from constants of the same module (`...userAction`). */
  function specProperties(source: ts.SourceFile, spec: ts.Expression): Set<string> {
    const names = new Set<string>();
    const constants = new Map<string, ts.Expression>();
    for (const statement of source.statements)
      if (ts.isVariableStatement(statement))
        for (const d of statement.declarationList.declarations)
          if (d.initializer) constants.set(d.name.getText(), d.initializer);
    const visit = (expression: ts.Expression): void => {
      const inner =
        ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) ? expression.expression : expression;
      if (ts.isIdentifier(inner)) {
        const value = constants.get(inner.text);
        if (value) visit(value);
        return;
      }
      if (!ts.isObjectLiteralExpression(inner)) return;
      for (const property of inner.properties) {
        if (ts.isSpreadAssignment(property)) visit(property.expression);
        else if (property.name) names.add(property.name.getText());
      }
    };
    visit(spec);
    return names;
  }

  it("finds the action modules", () => {
    expect(modules.map((source) => rel(source.fileName))).toEqual(
      expect.arrayContaining(["app/actions/stages.ts", "app/actions/users.ts", "app/actions/alerts.ts"]),
    );
  });

  it("each export is `export const x = ivsAction(…) | defineAction({ permission, … })`, the builder imported from the client", () => {
    let count = 0;
    for (const source of modules) {
      const file = rel(source.fileName);
      const imported = new Set(
        source.statements
          .filter(ts.isImportDeclaration)
          .filter((i) => (i.moduleSpecifier as ts.StringLiteral).text === "@/server/actions/client")
          .flatMap((i) => {
            const bindings = i.importClause?.namedBindings;
            return bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name.text) : [];
          }),
      );
      for (const { name, node } of exportedFunctions(source)) {
        const where = `${file}: ${name}`;
        count++;
        if (publicActions.has(where)) continue;
        expect(ts.isVariableDeclaration(node), `${where} is a hand-written function`).toBe(true);
        if (!ts.isVariableDeclaration(node)) continue;
        const call = node.initializer;
        expect(call && ts.isCallExpression(call), where).toBe(true);
        if (!call || !ts.isCallExpression(call)) continue;
        const builder = call.expression.getText();
        expect(builders.has(builder) && imported.has(builder), `${where}: built by ${builder}`).toBe(true);
        const [first] = call.arguments;
        if (builder === "ivsAction") {
          expect(first && ts.isStringLiteral(first) && first.text in operationRoles, where).toBe(true);
        } else {
          expect(first, where).toBeDefined();
          if (first)
            expect([...specProperties(source, first)], where).toEqual(expect.arrayContaining(["permission", "input"]));
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(30);
  });

  it("nothing but the client authorizes or audits an action by hand", () => {
    for (const source of modules) {
      const calls = callsIn(source);
      for (const frame of ["authorize", "audit", "requestIp"])
        if (rel(source.fileName) !== "app/actions/auth.ts")
          expect(calls.has(frame), `${rel(source.fileName)}: ${frame}`).toBe(false);
    }
  });
});
