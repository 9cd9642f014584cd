#!/usr/bin/env node
// Computes the EPCIS Event Hash ID (CBV 2.0 §8.9) of every event of an EPCIS 2.0 document read from
// standard input, with epcis2.js's implementation (eventToHashedId), using the namespaces the
// document's @context declares. Prints a JSON list of "ni:///sha-256;…?ver=CBV2.0" strings.
'use strict';

const fs = require('fs');
const { eventToHashedId } = require('epcis2.js');

const doc = JSON.parse(fs.readFileSync(0, 'utf8'));
const contexts = Array.isArray(doc['@context']) ? doc['@context'] : [doc['@context']];
const namespaces = Object.assign({}, ...contexts.filter((c) => c && typeof c === 'object'));
const events = doc.type === 'EPCISDocument' ? doc.epcisBody.eventList : [doc];
// eventToHashedId may rewrite parts of the event it is given: hash a copy.
const ids = events.map((e) => eventToHashedId(JSON.parse(JSON.stringify(e)), namespaces, true));
process.stdout.write(JSON.stringify(ids));
