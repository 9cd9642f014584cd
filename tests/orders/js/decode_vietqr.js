// Decode VietQR payloads with two published decoders, independent of tamnong.orders.vietqr:
// - vietnam-qr-pay (VietQR / VNPAY-QR encoder and decoder: CRC check, NAPAS fields of ID 38 and 62);
// - promptparse (a generic EMVCo TLV parser with its own CRC-16 check).
// stdin: {"decode": [payload, ...], "build": [{bankBin, bankNumber, amount?, purpose?}, ...]}
// stdout: {"decoded": [{...}, ...], "built": [payload, ...]}
"use strict";
const { QRPay } = require("vietnam-qr-pay");
const promptparse = require("promptparse");

function decode(payload) {
  const qr = new QRPay(payload);
  const emv = promptparse.parse(payload, true, true);
  return {
    qrpay: {
      isValid: qr.isValid,
      provider: qr.provider.name || null,
      guid: qr.provider.guid || null,
      service: qr.provider.service || null,
      bankBin: qr.consumer.bankBin || null,
      bankNumber: qr.consumer.bankNumber || null,
      initMethod: qr.initMethod || null,
      currency: qr.currency || null,
      nation: qr.nation || null,
      amount: qr.amount || null,
      purpose: qr.additionalData.purpose || null,
      billNumber: qr.additionalData.billNumber || null,
      crc: qr.crc || null,
    },
    promptparse: emv === null ? null : {
      crcValid: emv.validate("63"),
      tags: emv.getTags().map((t) => t.id),
      guid: emv.getTagValue("38", "00") || null,
      beneficiary: emv.getTagValue("38", "01") || null,
      service: emv.getTagValue("38", "02") || null,
      amount: emv.getTagValue("54") || null,
      purpose: emv.getTagValue("62", "08") || null,
      checksum: promptparse.checksum(payload.slice(0, -4), true),
    },
  };
}

function build(spec) {
  return QRPay.initVietQR(spec).build();
}

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const out = {
    decoded: (request.decode || []).map(decode),
    built: (request.build || []).map(build),
  };
  process.stdout.write(JSON.stringify(out));
});
