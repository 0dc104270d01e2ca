/**
 * The package's public surface as a team repo sees it: every name the `exports` entry points of
 * package.json export, and every member of the interfaces, classes and object-type aliases among
 * them, read with the TypeScript compiler API (the same view the emitted .d.ts files give).
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

export const REPO_ROOT = join(__dirname, '..', '..');

/** One exported name or one member of an exported type. */
export interface SurfaceItem {
  /** `entry:Name` for an export, `entry:Name.member` for a member (`entry` is the package subpath). */
  readonly id: string;
  /** What it is: `export` or `member`. */
  readonly kind: 'export' | 'member';
  /** Where it is declared, `path:line` from the repo root. */
  readonly where: string;
  /** The TSDoc text (summary plus tags), empty when there is none. */
  readonly doc: string;
  /** Whether the member is an optional property (`?`). */
  readonly optional: boolean;
  /** Whether a `@default` tag is present. */
  readonly hasDefault: boolean;
  /** For members: the name of the type that owns it (`NodePoolArgs`). */
  readonly owner?: string;
}

/** The package subpaths mapped to their TypeScript sources (the `exports` map, with build/ undone). */
export function entryPoints(): ReadonlyArray<{ subpath: string; source: string }> {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { types?: string }> };
  return Object.entries(pkg.exports)
    .map(([subpath, target]) => ({ subpath, types: typeof target === 'string' ? target : target.types }))
    .filter((e): e is { subpath: string; types: string } => !!e.types && e.types.endsWith('.d.ts'))
    .map((e) => ({ subpath: e.subpath, source: join(REPO_ROOT, e.types.replace(/^\.\/build\//, '').replace(/\.d\.ts$/, '.ts')) }));
}

function isOwnSource(file: ts.SourceFile): boolean {
  const rel = relative(REPO_ROOT, file.fileName);
  return !rel.startsWith('..') && !rel.split(sep).includes('node_modules') && !file.isDeclarationFile;
}

function where(decl: ts.Declaration): string {
  const file = decl.getSourceFile();
  return `${relative(REPO_ROOT, file.fileName)}:${file.getLineAndCharacterOfPosition(decl.getStart()).line + 1}`;
}

function docOf(decl: ts.Node): { doc: string; hasDefault: boolean } {
  const docs = ts.getJSDocCommentsAndTags(decl).filter(ts.isJSDoc);
  const text = docs.map((d) => d.getText()).join('\n');
  const meaningful = docs.some((d) => ts.getTextOfJSDocComment(d.comment)?.trim() || (d.tags ?? []).some((t) => ts.getTextOfJSDocComment(t.comment)?.trim()));
  const hasDefault = docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'default' && !!ts.getTextOfJSDocComment(t.comment)?.trim()));
  return { doc: meaningful ? text : '', hasDefault };
}

function isHidden(decl: ts.Declaration): boolean {
  const flags = ts.getCombinedModifierFlags(decl);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return true;
  const name = ts.getNameOfDeclaration(decl);
  return !!name && ts.isPrivateIdentifier(name);
}

/** The members a reader of the type sees, declared in this repo (not inherited from cdk8s or Pulumi). */
function membersOf(checker: ts.TypeChecker, symbol: ts.Symbol, decl: ts.Declaration): ts.Symbol[] {
  if (ts.isInterfaceDeclaration(decl)) return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol));
  if (ts.isClassDeclaration(decl)) {
    const statics = checker.getPropertiesOfType(checker.getTypeOfSymbolAtLocation(symbol, decl)).filter((s) => s.name !== 'prototype');
    return [...checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)), ...statics];
  }
  if (ts.isTypeAliasDeclaration(decl) && hasObjectLiteral(decl.type)) return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol));
  if (ts.isEnumDeclaration(decl)) return decl.members.map((m) => checker.getSymbolAtLocation(m.name)!).filter(Boolean);
  return [];
}

function hasObjectLiteral(node: ts.TypeNode): boolean {
  if (ts.isTypeLiteralNode(node)) return true;
  if (ts.isIntersectionTypeNode(node)) return node.types.some(hasObjectLiteral);
  if (ts.isParenthesizedTypeNode(node)) return hasObjectLiteral(node.type);
  return false;
}

/**
 * Dependencies whose declarations the program reads as empty modules. Both questions below
 * report only types declared in this repo, and these packages' types are never generic over
 * ours (cloud and Kubernetes resource classes, cdk8s-plus constructs, Kubernetes models, Node's
 * own), so what they declare cannot change an answer; it was three quarters of the program's
 * cost (16 s → 4 s, identical surface and references). Generic containers that can carry our
 * types (@pulumi/pulumi's Output and Input, cdk8s, constructs, zod, yaml) are read in full.
 */
const EMPTY_MODULES = /[\\/]node_modules[\\/](@pulumi[\\/](aws|kubernetes)|cdk8s-plus-28|kubernetes-models|@kubernetes-models|@types[\\/]node)[\\/]/;

let shared: { entries: ReturnType<typeof entryPoints>; program: ts.Program; checker: ts.TypeChecker } | undefined;

/** One TypeScript program of the entry points for both questions below: building it is most of their cost. */
function entryProgram(): NonNullable<typeof shared> {
  if (shared) return shared;
  const config = ts.getParsedCommandLineOfConfigFile(join(REPO_ROOT, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.json: cannot be read');
  const entries = entryPoints();
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const readSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, languageVersion, ...rest) =>
    EMPTY_MODULES.test(file) ? ts.createSourceFile(file, 'export {};', languageVersion) : readSourceFile(file, languageVersion, ...rest);
  const program = ts.createProgram({ rootNames: entries.map((e) => e.source), options, host });
  shared = { entries, program, checker: program.getTypeChecker() };
  return shared;
}

/** Enumerates the public surface of every entry point. */
export function publicSurface(): SurfaceItem[] {
  const { entries, program, checker } = entryProgram();
  const items: SurfaceItem[] = [];
  for (const entry of entries) {
    const file = program.getSourceFile(entry.source);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${entry.source}: not a module`);
    const prefix = entry.subpath === '.' ? '' : entry.subpath.replace(/^\.\//, '');
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const decls = (symbol.declarations ?? []).filter((d) => isOwnSource(d.getSourceFile()));
      if (decls.length === 0) continue;
      const base = `${prefix}:${exported.name}`;
      // A merged name (a const and a type of the same name, or overloads) is documented once.
      const documented = decls.map((d) => ({ d, ...docOf(d) })).find((x) => x.doc) ?? { d: decls[0], ...docOf(decls[0]) };
      items.push({ id: base, kind: 'export', where: where(documented.d), doc: documented.doc, optional: false, hasDefault: documented.hasDefault });
      const seen = new Set<string>();
      for (const decl of decls) {
        for (const member of membersOf(checker, symbol, decl)) {
          const memberDecls = (member.declarations ?? []).filter((d) => isOwnSource(d.getSourceFile()) && !isHidden(d));
          if (memberDecls.length === 0 || seen.has(member.name)) continue;
          seen.add(member.name);
          const md = memberDecls.map((d) => ({ d, ...docOf(d) })).find((x) => x.doc) ?? { d: memberDecls[0], ...docOf(memberDecls[0]) };
          const optional = !!(member.flags & ts.SymbolFlags.Optional) && memberDecls.some((d) => ts.isPropertySignature(d) || ts.isPropertyDeclaration(d));
          items.push({ id: `${base}.${member.name}`, kind: 'member', where: where(md.d), doc: md.doc, optional, hasDefault: md.hasDefault, owner: exported.name });
        }
      }
    }
  }
  return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Types whose optional fields are inputs a team sets, so each must say what it gets when left out. */
export function isInputType(owner: string, where: string): boolean {
  return /(Props|Args|Options|Spec)$/.test(owner) || where.split(sep).join('/').startsWith('lib/spec/types.ts');
}

/** A type that a public signature names but no entry point exports. */
export interface UnexportedReference {
  /** The type's name and where it is declared, `Name (path:line)`. */
  readonly type: string;
  /** The exported names whose signatures name it (`entry:Name`), sorted. */
  readonly namedBy: string[];
}

/**
 * Types declared in this repo that public signatures name (members, parameters, return types,
 * heritage, type arguments; inferred types of annotation-less exports too) but that no entry point
 * exports: a team repo sees them in the .d.ts files yet cannot import them by name. Types from
 * dependencies (cdk8s, Pulumi, kubernetes-models) and type parameters are not reported.
 */
export function unexportedReferences(): UnexportedReference[] {
  const { entries, program, checker } = entryProgram();
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const exported = new Map<ts.Symbol, string>();
  for (const entry of entries) {
    const file = program.getSourceFile(entry.source);
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${entry.source}: not a module`);
    const prefix = entry.subpath === '.' ? '' : entry.subpath.replace(/^\.\//, '');
    for (const e of checker.getExportsOfModule(moduleSymbol)) exported.set(resolve(e), `${prefix}:${e.name}`);
  }
  const found = new Map<string, Set<string>>();
  const report = (symbol: ts.Symbol | undefined, by: string): void => {
    if (!symbol) return;
    const s = resolve(symbol);
    if (exported.has(s) || !(s.flags & (ts.SymbolFlags.Type & ~ts.SymbolFlags.TypeParameter))) return;
    const decl = (s.declarations ?? []).find((d) => isOwnSource(d.getSourceFile()));
    if (!decl) return;
    const key = `${s.name} (${where(decl)})`;
    found.set(key, (found.get(key) ?? new Set()).add(by));
  };
  // Named references in written types: `Foo`, `ns.Foo`, `Foo<Bar>`, `extends Foo`.
  const walkNode = (node: ts.Node, by: string): void => {
    if (ts.isFunctionLike(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node) || ts.isGetAccessor(node)) {
      if (isHidden(node as ts.Declaration)) return;
    }
    if (ts.isTypeReferenceNode(node)) report(checker.getSymbolAtLocation(ts.isQualifiedName(node.typeName) ? node.typeName.right : node.typeName), by);
    if (ts.isExpressionWithTypeArguments(node)) report(checker.getSymbolAtLocation(ts.isPropertyAccessExpression(node.expression) ? node.expression.name : node.expression), by);
    // Bodies and initializers are implementation, not signature.
    if (ts.isBlock(node)) return;
    if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isParameter(node)) && node.type) {
      walkNode(node.type, by);
      if (ts.isParameter(node)) return;
      return;
    }
    node.forEachChild((child) => {
      if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && child === node.initializer) return;
      walkNode(child, by);
    });
  };
  // Inferred types (an export or a member without an annotation), a few levels deep.
  const walkType = (type: ts.Type, by: string, depth: number): void => {
    if (depth > 3) return;
    report(type.aliasSymbol, by);
    if (type.symbol && type.symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) report(type.symbol, by);
    for (const t of type.aliasTypeArguments ?? []) walkType(t, by, depth + 1);
    if (type.isUnionOrIntersection()) for (const t of type.types) walkType(t, by, depth + 1);
    if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) {
      for (const t of checker.getTypeArguments(type as ts.TypeReference)) walkType(t, by, depth + 1);
    }
    for (const sig of type.getCallSignatures()) {
      for (const p of sig.getParameters()) walkType(checker.getTypeOfSymbol(p), by, depth + 1);
      walkType(sig.getReturnType(), by, depth + 1);
    }
  };
  const inferred = (decl: ts.Node, by: string): void => {
    if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && !decl.type && !isHidden(decl)) {
      walkType(checker.getTypeAtLocation(decl.name), by, 0);
    }
    if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl)) && !decl.type && !isHidden(decl)) {
      const sig = checker.getSignatureFromDeclaration(decl);
      if (sig) walkType(sig.getReturnType(), by, 0);
    }
    if (ts.isClassDeclaration(decl)) for (const m of decl.members) inferred(m, by);
  };
  for (const [symbol, by] of exported) {
    for (const decl of symbol.declarations ?? []) {
      if (!isOwnSource(decl.getSourceFile())) continue;
      walkNode(decl, by);
      inferred(decl, by);
    }
  }
  return [...found.entries()].map(([type, by]) => ({ type, namedBy: [...by].sort() })).sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
