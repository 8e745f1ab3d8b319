#!/usr/bin/env node
// Test-only oracle: answers LoRaWAN questions with lora-packet (npm, an independent implementation) so the
// C++ test suite can compare Onechan's results with it. Reads one JSON request per line on stdin and
// writes one JSON answer per line on stdout, in order.
//
// {"op":"decode","frame":HEX,"nwkskey":HEX,"appskey":HEX,"fcnt_msb":N}
//   -> {"mtype","dir","devaddr","fcnt16","fport","adr","ack","adrackreq","fpending","fopts","mic","mic_ok","payload"}
// {"op":"encode","mtype":"Unconfirmed Data Up"|...,"devaddr":HEX(MSB first),"fcnt":N(32-bit),"fport":P,
//  "adr":bool,"ack":bool,"adrackreq":bool,"fpending":bool,"fopts":HEX,"payload":HEX,"nwkskey":HEX,"appskey":HEX}
//   -> {"frame":HEX}
// Errors are answered as {"error": "..."} so one bad case does not end the run.
"use strict";
const path = require("path");
const readline = require("readline");
const loraModule = require(path.join(__dirname, "node_modules", "lora-packet"));
const lora = loraModule.default || loraModule;

// lora-packet takes the upper 16 bits of a 32-bit FCnt as a 2-byte buffer placed after the on-air
// (little-endian) FCnt in B0/Ai, so it must itself be little-endian.
function msbBytes(msb) {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(msb & 0xffff);
  return b;
}

function decode(req) {
  const packet = lora.fromWire(Buffer.from(req.frame, "hex"));
  const nwk = Buffer.from(req.nwkskey, "hex");
  const app = Buffer.from(req.appskey, "hex");
  const msb = msbBytes(req.fcnt_msb || 0);
  const fport = packet.getFPort();
  const payload = packet.FRMPayload && packet.FRMPayload.length > 0 ? lora.decrypt(packet, app, nwk, msb) : Buffer.alloc(0);
  return {
    mtype: packet.getMType(),
    dir: packet.getDir(),
    devaddr: packet.DevAddr.toString("hex").toUpperCase(),
    fcnt16: packet.getFCnt(),
    fport: fport,
    adr: packet.getFCtrlADR(),
    ack: packet.getFCtrlACK(),
    adrackreq: packet.getDir() === "up" ? packet.getFCtrlADRACKReq() : false,
    fpending: packet.getDir() === "down" ? packet.getFCtrlFPending() : false,
    fopts: (packet.FOpts || Buffer.alloc(0)).toString("hex").toUpperCase(),
    mic: packet.MIC.toString("hex").toUpperCase(),
    mic_ok: lora.verifyMIC(packet, nwk, undefined, msb),
    payload: payload.toString("hex").toUpperCase(),
  };
}

function encode(req) {
  const fields = {
    MType: req.mtype,
    DevAddr: Buffer.from(req.devaddr, "hex"),
    FCnt: req.fcnt & 0xffff,
    FCtrl: { ADR: !!req.adr, ACK: !!req.ack, ADRACKReq: !!req.adrackreq, FPending: !!req.fpending },
    payload: Buffer.from(req.payload || "", "hex"),
  };
  if (req.fport !== undefined && req.fport !== null) fields.FPort = req.fport;
  if (req.fopts) fields.FOpts = Buffer.from(req.fopts, "hex");
  const packet = lora.fromFields(fields, Buffer.from(req.appskey, "hex"), Buffer.from(req.nwkskey, "hex"), undefined,
                                 msbBytes(Math.floor(req.fcnt / 65536)));
  return { frame: packet.getPHYPayload().toString("hex").toUpperCase() };
}

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on("line", (line) => {
  if (!line.trim()) return;
  let answer;
  try {
    const req = JSON.parse(line);
    answer = req.op === "decode" ? decode(req) : req.op === "encode" ? encode(req) : { error: "unknown op " + req.op };
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});
