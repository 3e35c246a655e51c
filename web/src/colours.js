// Colours and names shared by every view. Category colours: 16 distinct hues, in families by
// quad class (blues = verbal cooperation, greens = material cooperation, oranges/purples = verbal
// conflict, reds/browns = material conflict), so a stacked timeline still reads by quad.

export const EVENT_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const CATEGORY_COLOURS = {
  AGREE: "#1f4e9c", CONSULT: "#4a90d9", SUPPORT: "#17becf", CONCEDE: "#9ecae1",
  COOPERATE: "#2ca02c", AID: "#98df8a", RETREAT: "#bcbd22",
  REQUEST: "#ffbb78", ACCUSE: "#ff7f0e", REJECT: "#9467bd", THREATEN: "#c5b0d5",
  PROTEST: "#e377c2", SANCTION: "#8c564b", MOBILIZE: "#7f7f7f", COERCE: "#ff9896", ASSAULT: "#d62728",
};

export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
export const QUAD_COLOURS = { 1: "#2f7ed8", 2: "#2b8a3e", 3: "#f08c00", 4: "#c92a2a" };

// PLOVER/CAMEO sector codes the knowledge base uses; anything else is "other".
export const SECTORS = {
  GOV: ["government", "#3b5bdb"],
  MIL: ["military", "#1c2f8a"],
  COP: ["police", "#0c8599"],
  JUD: ["judiciary", "#5f3dc4"],
  LEG: ["legislature", "#9775fa"],
  ELI: ["elites", "#748ffc"],
  REB: ["rebels / insurgents", "#c2255c"],
  CRM: ["criminal groups", "#e8590c"],
  OPP: ["opposition", "#f59f00"],
  PTY: ["parties", "#fab005"],
  IGO: ["international orgs", "#7048e8"],
  CVL: ["civilians", "#2f9e44"],
  BUS: ["business", "#8c6d1f"],
  MED: ["media", "#66a80f"],
  JRN: ["journalists", "#94d82d"],
  REL: ["religious", "#a9e34b"],
};
export const OTHER_SECTOR = ["other / unknown", "#adb5bd"];

export function sectorColour(code) {
  return (SECTORS[code] || OTHER_SECTOR)[1];
}

export function sectorName(code) {
  return code ? `${code} ${(SECTORS[code] || ["other"])[0]}` : "no sector";
}

export const STATUSES = ["asserted", "historical", "negated", "hypothetical", "future"];
/** What happened: the default view leaves out negated, hypothetical and future events. */
export const DEFAULT_STATUSES = ["asserted", "historical"];

export const EXPORTS = [
  ["csv", "CSV"],
  ["acled", "ACLED-like"],
  ["gdelt", "GDELT-like"],
  ["jsonl", "JSONL"],
  ["graphml", "GraphML"],
];
