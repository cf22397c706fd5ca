// Builds MiniSearch's prebuilt JSON index: node build-minisearch.mjs docs.json index.json
// (run under /usr/bin/time -v by prepare.mjs). The options are in minisearch-options.mjs,
// shared with the browser page.
import fs from 'node:fs';
import MiniSearch from 'minisearch';
import { OPTIONS } from './minisearch-options.mjs';

const [, , input, output] = process.argv;
const docs = JSON.parse(fs.readFileSync(input, 'utf8'));
const ms = new MiniSearch(OPTIONS);
ms.addAll(docs);
fs.writeFileSync(output, JSON.stringify(ms));
