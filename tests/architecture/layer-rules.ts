/**
 * The layer rules of STYLE.md, checked on the syntax tree of every source file:
 * - domain/ imports only domain/; application/ imports only domain/ and application/;
 * - neither reads the clock or randomness, and domain/ carries no decorators;
 * - some packages may appear only in one place (composition root, DTO files, ESDB adapter).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
  readonly detail: string;
}

const LAYERS = ['domain', 'application', 'infrastructure'] as const;
type Layer = (typeof LAYERS)[number];

const MAY_IMPORT: Record<Layer, readonly Layer[] | 'anything'> = {
  domain: ['domain'],
  application: ['domain', 'application'],
  infrastructure: 'anything',
};

/** Packages confined to one place: the path (relative to the root) must match. */
const CONFINED_PACKAGES: readonly { readonly pkg: RegExp; readonly place: RegExp; readonly where: string }[] = [
  { pkg: /^(inversify|reflect-metadata)(\/|$)/, place: /^infrastructure\/composition\//, where: 'infrastructure/composition/' },
  { pkg: /^class-validator(\/|$)/, place: /^infrastructure\/.*\.dto\.ts$/, where: 'infrastructure/**/*.dto.ts' },
  { pkg: /^@eventstore\/db-client(\/|$)/, place: /^infrastructure\/event-store\/eventstoredb\//, where: 'infrastructure/event-store/eventstoredb/' },
];

/** `Date.now`, `Math.random`, `performance.now`, `crypto.randomUUID`, `crypto.getRandomValues`. */
const IMPURE_MEMBERS = new Set(['Date.now', 'Math.random', 'performance.now', 'crypto.randomUUID', 'crypto.getRandomValues']);

function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function layerOf(root: string, absolutePath: string): Layer | undefined {
  const first = relative(root, absolutePath).split(sep)[0];
  return LAYERS.find((layer) => layer === first);
}

function importedSpecifiers(node: ts.Node): string[] {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return [node.moduleSpecifier.text];
  }
  if (ts.isCallExpression(node) && node.arguments.length > 0) {
    const [first] = node.arguments;
    const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
    const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
    if ((isDynamicImport || isRequire) && first && ts.isStringLiteralLike(first)) return [first.text];
  }
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
    const expr = node.moduleReference.expression;
    if (ts.isStringLiteral(expr)) return [expr.text];
  }
  return [];
}

function impureUse(node: ts.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const name = `${node.expression.text}.${node.name.text}`;
    if (IMPURE_MEMBERS.has(name)) return `${name}()`;
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') {
    if (!node.arguments || node.arguments.length === 0) return 'new Date()';
  }
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Date') return 'Date()';
  return undefined;
}

function checkFile(root: string, path: string): Violation[] {
  const layer = layerOf(root, path);
  if (layer === undefined) return [];
  const rel = relative(root, path).split(sep).join('/');
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const violations: Violation[] = [];
  const add = (node: ts.Node, rule: string, detail: string): void => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    violations.push({ file: rel, line, rule, detail });
  };

  const visit = (node: ts.Node): void => {
    for (const specifier of importedSpecifiers(node)) checkImport(node, specifier);
    if (layer !== 'infrastructure') {
      const impure = impureUse(node);
      if (impure) add(node, 'pure-layer', `${layer}/ must not read the clock or randomness: ${impure}`);
    }
    if (layer === 'domain' && ts.canHaveDecorators(node) && (ts.getDecorators(node)?.length ?? 0) > 0) {
      add(node, 'pure-layer', 'domain/ must not use decorators');
    }
    ts.forEachChild(node, visit);
  };

  const checkImport = (node: ts.Node, specifier: string): void => {
    const allowed = MAY_IMPORT[layer];
    if (specifier.startsWith('.')) {
      const target = layerOf(root, resolve(dirname(path), specifier));
      if (allowed !== 'anything' && (target === undefined || !allowed.includes(target))) {
        add(node, 'layer-import', `${layer}/ may import only ${allowed.join('/, ')}/, not '${specifier}'`);
      }
      return;
    }
    if (allowed !== 'anything') {
      add(node, 'layer-import', `${layer}/ may not import the package '${specifier}'`);
      return;
    }
    for (const rule of CONFINED_PACKAGES) {
      if (rule.pkg.test(specifier) && !rule.place.test(rel)) {
        add(node, 'confined-package', `'${specifier}' may be imported only in ${rule.where}`);
      }
    }
  };

  visit(source);
  return violations;
}

/** Every violation of the layer rules below `root` (a folder holding domain/, application/, infrastructure/). */
export function checkLayers(root: string): Violation[] {
  return LAYERS.flatMap((layer) => sourceFiles(join(root, layer)).flatMap((file) => checkFile(root, file)));
}

export function formatViolation(v: Violation): string {
  return `${v.file}:${v.line} [${v.rule}] ${v.detail}`;
}
