import type { SelfCheckRule } from '../self-check.js';
import { awaitInGenerator } from './await-in-generator.js';
import { awaitOnSync } from './await-on-sync.js';
import { awaitOperands } from './await-operands.js';
import { blockingInAsync } from './blocking-in-async.js';
import { escapingCoroutineFunction } from './escaping-coroutine-function.js';
import { exceptClauses } from './except-clauses.js';
import { libraryOverrideRule } from './library-override.js';
import { lockAcrossAwait } from './lock-across-await.js';
import { methodFamilies } from './method-families.js';
import { mixedDatabaseLibraries } from './mixed-database-libraries.js';
import { patchedCalls } from './patched-calls.js';
import { patchedClasses } from './patched-classes.js';
import { mockedAttributes } from './mocked-attributes.js';
import { mockedFactories } from './mocked-factories.js';
import { redefinitions } from './redefinitions.js';
import { shadowedImports } from './shadowed-imports.js';
import { targetKeywords } from './target-keywords.js';
import { unawaitedCoroutine } from './unawaited-coroutine.js';
import { undefinedNames } from './undefined-names.js';

/** The self-check's rules, in the order they run. */
export const SELF_CHECK_RULES: readonly SelfCheckRule[] = [unawaitedCoroutine, awaitOnSync, awaitOperands, awaitInGenerator, escapingCoroutineFunction, libraryOverrideRule, methodFamilies, redefinitions, blockingInAsync, exceptClauses, targetKeywords, mixedDatabaseLibraries, patchedCalls, patchedClasses, mockedAttributes, mockedFactories, undefinedNames, shadowedImports, lockAcrossAwait];
