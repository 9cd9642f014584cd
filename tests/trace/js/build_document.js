#!/usr/bin/env node
// Builds an EPCIS 2.0 document with GS1's EPCIS 2.0 JavaScript SDK (epcis2.js) — an implementation
// independent of Tamnông's — from a small JSON description read on standard input:
//   {"epcClass": "...", "quantity": 40, "uom": "H87", "bizStep": "shipping", "disposition": "in_transit",
//    "eventTime": "2024-04-03T08:00:00.000+07:00", "bizLocation": "https://…/places/vn-2020/05038"}
// Prints the document (JSON), validated by the SDK's own schema check, for the capture endpoint.
'use strict';

const fs = require('fs');
const {
  setup, EPCISDocument, ObjectEvent, QuantityElement, BizLocation, ReadPoint, validateEpcisDocument,
} = require('epcis2.js');

setup({ checkExtensions: true });
const spec = JSON.parse(fs.readFileSync(0, 'utf8'));
const event = new ObjectEvent()
  .setEventTime(spec.eventTime)
  .setAction('OBSERVE')
  .setBizStep(spec.bizStep)
  .setDisposition(spec.disposition)
  .addQuantity(new QuantityElement().setEpcClass(spec.epcClass).setQuantity(spec.quantity).setUom(spec.uom))
  .setReadPoint(new ReadPoint().setId(spec.bizLocation))
  .setBizLocation(new BizLocation().setId(spec.bizLocation));
const doc = new EPCISDocument().setCreationDate(new Date().toISOString()).addEvent(event);
const json = doc.toObject();
const check = validateEpcisDocument(json, false);
if (!check.success) {
  process.stderr.write(JSON.stringify(check.errors));
  process.exit(2);
}
process.stdout.write(JSON.stringify(json));
