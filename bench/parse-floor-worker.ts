import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parsePython } from '../src/parse/parse-python.js';

/** One of the parse floor's workers: reads and parses its share of the files, keeping no tree. */
let nodes = 0;
for (const file of workerData.files as string[]) nodes += parsePython(fs.readFileSync(file, 'utf8')).rootNode.childCount;
parentPort!.postMessage(nodes);
