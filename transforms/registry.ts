import type { Transform } from './define-transform.js';
import { requestsHttpx } from './requests-httpx/index.js';
import { psycopg2Asyncpg } from './psycopg2-asyncpg/index.js';
import { timeSleep } from './time-sleep/index.js';
import { openAiofiles } from './open-aiofiles/index.js';
import { toThread } from './to-thread/index.js';
import { subprocessAsyncio } from './subprocess-asyncio/index.js';

/** Every transform, in the order they run. The id is what `--select` and `--ignore` take. */
export const TRANSFORMS: readonly Transform[] = [timeSleep, requestsHttpx, psycopg2Asyncpg, openAiofiles, subprocessAsyncio, toThread];
