#!/usr/bin/env node
// Checks GS1 Digital Link URIs (one per line on standard input) with two independent implementations:
//  - digital-link.js: DigitalLink(uri).isValid(), the GS1 Digital Link ABNF grammar run by apg-lib plus
//    the check digit of the primary key;
//  - GS1's GS1DigitalLinkToolkit (bundled in digital-link.js): extractFromGS1digitalLink(uri), which
//    percent-decodes the path, checks each AI value's syntax and check digit, and returns the AIs.
// Prints a JSON list of {uri, grammar, grammarError, ais, toolkitError}; exits 0 when every URI passes
// both, 1 otherwise.
'use strict';

const fs = require('fs');
const { DigitalLink } = require('digital-link.js');
const Toolkit = require('digital-link.js/lib/GS1DigitalLinkCompressionPrototype/GS1DigitalLinkToolkit.js');

const toolkit = new Toolkit();
const uris = fs.readFileSync(0, 'utf8').split('\n').filter((line) => line.length);
let ok = true;
const results = uris.map((uri) => {
  const out = { uri, grammar: false, grammarError: null, ais: null, toolkitError: null };
  try {
    out.grammar = DigitalLink(uri).isValid();
  } catch (e) {
    out.grammarError = String(e && e.message ? e.message : e);
  }
  try {
    out.ais = toolkit.extractFromGS1digitalLink(uri).GS1;
  } catch (e) {
    out.toolkitError = String(e && e.message ? e.message : e);
  }
  if (!out.grammar || out.ais === null || Object.keys(out.ais).length === 0) ok = false;
  return out;
});
process.stdout.write(JSON.stringify(results));
process.exit(ok ? 0 : 1);
