// Rewrites the README's generated sections (transform table, review codes) from the built code.
import fs from 'node:fs';
import { readmeSections, withSections } from '../dist/src/report/readme-tables.js';

const file = new URL('../README.md', import.meta.url);
fs.writeFileSync(file, withSections(fs.readFileSync(file, 'utf8'), readmeSections()));
