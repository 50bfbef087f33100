import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { nativePythonParser } from '../src/parse/native-parser.js';

/** One of the parse floor's workers: reads and parses its share of the files with the binding alone, keeping no tree. */
const parser = nativePythonParser();
let parsed = 0;
for (const file of workerData.files as string[]) if (!parser.parse(fs.readFileSync(file, 'utf8')).rootNode.hasError) parsed++;
parentPort!.postMessage(parsed);
