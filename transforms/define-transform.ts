import type { CallSite, FunctionId } from '../src/analyze/model.js';
import type { EnclosingNodes } from '../src/parse/enclosing-nodes.js';
import type { SyntaxNode } from '../src/parse/parse-python.js';
import type { SourceText } from '../src/parse/source-text.js';
import type { Site } from '../src/plan/edits.js';

/** A call in the module being indexed, with the external name it resolves to (`time.sleep`). */
export interface CallInContext {
  node: SyntaxNode;
  site: CallSite;
  qualifiedName?: string;
}

export interface TransformContext {
  file: string;
  module: string;
  source: SourceText;
  root: SyntaxNode;
  calls: readonly CallInContext[];
  /** `time.sleep` for `t.sleep` after `import time as t`; undefined for local or project names. */
  qualifiedName(node: SyntaxNode): string | undefined;
  /** The innermost function around a node (its FunctionId), or null at module level / in a class body. */
  scopeOf(node: SyntaxNode): FunctionId | null;
  /** What encloses a node (functions, lambdas, classes), found without walking up its parents. */
  enclosing: EnclosingNodes;
  /** The local name a module is imported under at top level (`import time as t` → `t`). */
  moduleAlias(module: string): string | undefined;
  /**
   * How many folders, from the module's own folder up to (not including) the project root, are
   * regular packages (hold `__init__.py`): 0 for a top-level module or script, 2 for
   * `pkg/sub/mod.py` in a package tree. `from ..` then reaches the outermost package. Undefined when
   * the caller did not work it out.
   */
  packageDepth?: number;
  /** User configuration relevant to transforms. */
  options: TransformOptions;
  /** Ids of the transforms in this run: the to-thread bridge takes calls whose own transform is off. */
  enabled: ReadonlySet<string>;
  /**
   * What only the whole project knows, for a transform that follows library objects across modules
   * (see Transform.followsAcrossModules). With it, `qualifiedName` also reads names and calls whose
   * value comes from another function: a parameter every caller fills with a psycopg2 connection, a
   * pytest fixture that yields one, a project function that returns one.
   */
  project?: ProjectView;
}

/** Cross-module facts about one module, for transforms that follow objects across modules. */
export interface ProjectView {
  /**
   * For an argument of a call to a project function: the parameter it lands in, and the library
   * object the project knows that parameter holds (annotated, or passed by every caller), read as
   * a value (`psycopg2.connect()`).
   */
  parameterFor(call: SyntaxNode, argument: SyntaxNode): { fn: FunctionId; name: string; holds?: string } | undefined;
  /** The functions a name's or a call's value comes from: the fixture a test parameter names, the project function called to get it. */
  originsOf(value: SyntaxNode): FunctionId[];
  /**
   * The functions that receive what a project function returns or yields (its callers, the tests and
   * fixtures using it as a fixture), or undefined when the project cannot see them all (it is used as
   * a value, called at module level or on a receiver of unknown type).
   */
  resultTakers(fn: FunctionId): FunctionId[] | undefined;
}

export interface TransformOptions {
  /** Extra blocking calls (qualified names) for the to-thread bridge. */
  blocking: string[];
}

export interface TransformDoc {
  /** What it does, one sentence. */
  summary: string;
  /** Why the conversion is needed. */
  why: string;
  before: string;
  after: string;
  caveats: string[];
  /** The design decision a user should know about (client lifecycle, generated files, ...), for the README. */
  design?: string;
}

export interface Transform {
  id: string;
  doc: TransformDoc;
  /** The review-item codes this transform reports, with what a reviewer should check. */
  reviewCodes?: Record<string, string>;
  /** A cheap text test: files that do not match are not handed to `findSites`. */
  mentions: RegExp;
  /**
   * A cheap text test for files in which this transform can propose a site that seeds (makes its
   * function async); default: `mentions`. asyncshift parses only the files that can seed and those
   * that reach code that may turn async: a file this test rejects must never receive a seeding site.
   */
  seedsIn?: (text: string, options: TransformOptions) => boolean;
  /**
   * Library objects this transform follows across modules, as qualified names read as values
   * (`/^psycopg2\./`). Such a transform finds its sites on the project as loaded (each round of
   * the loader), with `context.project`, also in modules that never name the library but receive its
   * objects (resolving them asks the loader for the modules they come from); its `together` groups
   * join across modules, and a site marked `keepsFamily` stops the whole group.
   */
  followsAcrossModules?: RegExp;
  findSites(context: TransformContext): Site[];
}

/** The one way to declare a transform, so that every transform has the same shape. */
export function defineTransform(transform: Transform): Transform {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(transform.id)) throw new Error(`transform id must be kebab-case: ${transform.id}`);
  return Object.freeze(transform);
}
