#!/usr/bin/env node
// Validates an EPCIS 2.0 document read from standard input with GS1's EPCIS 2.0 JavaScript SDK
// (epcis2.js): the official EPCIS 2.0 JSON schema (via ajv, full format checks), the SDK's check of
// field names, and its check that every extension prefix is declared in @context.
// Prints {"success": bool, "errors": [...]} and exits 0 when valid, 1 when invalid, 2 on bad input.
'use strict';

const fs = require('fs');
const { setup, validateEpcisDocument } = require('epcis2.js');

setup({ checkExtensions: true });

let doc;
try {
  doc = JSON.parse(fs.readFileSync(0, 'utf8'));
} catch (e) {
  process.stdout.write(JSON.stringify({ success: false, errors: [`not JSON: ${e.message}`] }));
  process.exit(2);
}
let result;
try {
  result = validateEpcisDocument(doc, false);
} catch (e) {
  result = { success: false, errors: [String(e && e.message ? e.message : e)] };
}
process.stdout.write(JSON.stringify(result));
process.exit(result.success ? 0 : 1);
