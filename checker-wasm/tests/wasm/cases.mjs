// Runs the contract's public cases through the built checker, as any page or embedder loads it.
//
//   node cases.mjs <dir with checker.js + checker_bg.wasm> <dir with eligibility-public.json,
//                  summary-public.json and work-history-public.json>
//
// Node 20, no dependencies. Prints one line per failure and, last, `N passed, M failed`; exits
// non-zero on any failure.

import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [checkerDir, casesDir] = process.argv.slice(2);
if (!checkerDir || !casesDir) {
  console.error("usage: node cases.mjs <checker dir> <cases dir>");
  process.exit(2);
}

const checker = await import(pathToFileURL(path.resolve(checkerDir, "checker.js")).href);
checker.initSync({ module: fs.readFileSync(path.resolve(checkerDir, "checker_bg.wasm")) });
const { checkEligibility, checkSummary, checkWorkHistory } = checker;

const readCases = (name) => JSON.parse(fs.readFileSync(path.resolve(casesDir, name), "utf8"));

let passed = 0;
let failed = 0;

function check(name, fn) {
  try {
    fn();
    passed += 1;
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error && error.message ? error.message : error}`);
  }
}

function assertEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const sortedSet = (list) => [...new Set(list)].sort();

/** Calls fn, which must throw an Error whose message names `field`. */
function assertThrowsNaming(fn, field, what) {
  let thrown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) throw new Error(`${what}: did not throw`);
  if (!(thrown instanceof Error)) throw new Error(`${what}: threw a non-Error ${String(thrown)}`);
  if (!thrown.message.includes(field)) {
    throw new Error(`${what}: message does not name ${field}: ${thrown.message}`);
  }
}

// --- the public eligibility cases -----------------------------------------------------------
const eligibilityCases = readCases("eligibility-public.json");
for (const { name, answers, expect } of eligibilityCases) {
  check(`eligibility: ${name}`, () => {
    const result = checkEligibility(answers);
    for (const key of ["outcome", "level", "eligible_from", "intake_month", "decision_month"]) {
      assertEqual(result[key], expect[key], key);
    }
    assertEqual(sortedSet(result.reasons.map((r) => r.code)), sortedSet(expect.reason_codes), "reason codes");
    const required = result.materials.filter((m) => m.required).map((m) => m.code);
    assertEqual(sortedSet(required), sortedSet(expect.required_materials), "required materials");
    for (const reason of result.reasons) {
      if (typeof reason.message !== "string" || reason.message === "") throw new Error("empty message");
      if (typeof reason.clause !== "string" || reason.clause === "") throw new Error("empty clause");
    }
  });
}

// --- the public summary cases ----------------------------------------------------------------
for (const { text, expect } of readCases("summary-public.json")) {
  check(`summary: ${JSON.stringify(text)}`, () => {
    const result = checkSummary(text);
    for (const [key, value] of Object.entries(expect)) assertEqual(result[key], value, key);
  });
}

// --- the public work-history cases ----------------------------------------------------------
const workHistory = readCases("work-history-public.json");
if (workHistory.cases.length === 0 || workHistory.errors.length === 0) {
  throw new Error("work-history-public.json has no cases");
}
for (const { name, context, entries, expect, text_has: textHas } of workHistory.cases) {
  check(`work history: ${name}`, () => {
    const result = checkWorkHistory(entries, context);
    for (const [key, value] of Object.entries(expect)) {
      if (key === "problems") assertEqual(sortedSet(result.problems), sortedSet(value), "problems");
      else assertEqual(result[key], value, key);
    }
    for (const part of textHas ?? []) {
      if (!result.text.includes(part)) throw new Error(`text lacks ${JSON.stringify(part)}: ${result.text}`);
    }
  });
}
for (const { name, context, entries, error_mentions: field } of workHistory.errors) {
  check(`work history error: ${name}`, () => {
    assertThrowsNaming(() => checkWorkHistory(entries, context), field, name);
  });
}

const historyContext = workHistory.cases[0].context;
const historyEntry = workHistory.cases[0].entries[0];

check("checkWorkHistory: every problem code, per entry, with months and gaps", () => {
  const result = checkWorkHistory(
    [
      { start: "2019-03", end: "2020-01", unit: "" }, // before graduation, missing unit
      { start: "2024-09", end: "2024-08", unit: "乙" }, // end before start
      { start: "2024-07", end: "2025-06", unit: "甲" },
      { start: "2025-03", end: "2027-01", unit: "丙" }, // overlap, future
    ],
    { qualification_date: "2024-06-30", application_date: "2026-11-27" },
  );
  assertEqual(
    sortedSet(result.problems),
    sortedSet(["end_before_start", "future", "before_graduation", "overlap", "missing_unit"]),
    "problems",
  );
  assertEqual(result.entries.map((e) => e.start), ["2019-03", "2024-07", "2024-09", "2025-03"], "sorted");
  assertEqual(result.entries.map((e) => e.months), [11, 12, 0, 23], "months per entry");
  assertEqual(result.entries[3].problems, ["future", "overlap"], "problems of the overlapping entry");
  assertEqual(result.months, 11 + 31, "months of the union");
  assertEqual(result.gaps, [{ from: "2020-02", to: "2024-06" }], "gaps");
  assertEqual(result.first_start, "2019-03", "first_start");
});

check("checkWorkHistory: not up to date, nulls and an empty list", () => {
  const old = checkWorkHistory([{ ...historyEntry, end: "2025-01" }], historyContext);
  assertEqual(old.problems, ["not_up_to_date"], "ends before the month of applying");
  const sparse = checkWorkHistory([{ start: "2024-07", end: null, unit: "甲", department: null }], {
    qualification_date: null,
    application_date: "2026-11-27",
  });
  assertEqual(sparse.text, "2024年7月—至今 甲", "text without empty parts");
  const none = checkWorkHistory([], historyContext);
  assertEqual([none.problems, none.months, none.first_start, none.text], [[], 0, null, ""], "empty");
  if (Object.getPrototypeOf(none) !== Object.prototype) throw new Error("result is not a plain object");
});

check("checkWorkHistory: errors name the field", () => {
  const entry = historyEntry;
  assertThrowsNaming(() => checkWorkHistory([entry, { ...entry, start: "2024-7" }], historyContext), "entries[1].start", "unpadded");
  assertThrowsNaming(() => checkWorkHistory([{ ...entry, end: "2024-13" }], historyContext), "entries[0].end", "month 13");
  assertThrowsNaming(() => checkWorkHistory([{ ...entry, unit: 3 }], historyContext), "entries[0].unit", "number unit");
  assertThrowsNaming(() => checkWorkHistory([{ unit: "甲" }], historyContext), "entries[0].start", "missing start");
  assertThrowsNaming(() => checkWorkHistory({}, historyContext), "entries", "object entries");
  assertThrowsNaming(() => checkWorkHistory(undefined, historyContext), "entries", "undefined entries");
  assertThrowsNaming(() => checkWorkHistory([entry], {}), "context.application_date", "missing date");
  assertThrowsNaming(
    () => checkWorkHistory([entry], { ...historyContext, qualification_date: "2024-02-30" }),
    "context.qualification_date",
    "impossible date",
  );
  assertThrowsNaming(() => checkWorkHistory([entry], null), "context", "null context");
});

// --- the interface around the cases ----------------------------------------------------------
const base = eligibilityCases[0].answers;
const without = (field) => {
  const copy = { ...base };
  delete copy[field];
  return copy;
};

check("no policy = undefined policy = null policy = empty policy", () => {
  const plain = checkEligibility(base);
  assertEqual(checkEligibility(base, undefined), plain, "undefined");
  assertEqual(checkEligibility(base, null), plain, "null");
  assertEqual(checkEligibility(base, {}), plain, "{}");
});

check("nulls, not undefined, where the contract says null", () => {
  const transition = eligibilityCases.find((c) => c.expect.outcome === "transition");
  const result = checkEligibility(transition.answers);
  for (const key of ["level", "eligible_from", "intake_month", "decision_month"]) {
    if (!(key in result) || result[key] !== null) throw new Error(`${key} is ${result[key]}`);
  }
  assertEqual(result.materials, [], "materials");
  if (!Array.isArray(result.reasons)) throw new Error("reasons is not an array");
});

check("results are plain objects", () => {
  const result = checkEligibility(base);
  if (Object.getPrototypeOf(result) !== Object.prototype) throw new Error("result is not a plain object");
  if (result instanceof Map) throw new Error("result is a Map");
  const summary = checkSummary("字");
  if (Object.getPrototypeOf(summary) !== Object.prototype) throw new Error("summary is not a plain object");
  assertEqual(summary.parts.length, 5, "five parts");
});

check("a missing field throws naming it", () => {
  assertThrowsNaming(() => checkEligibility(without("diploma")), "diploma", "missing diploma");
  assertThrowsNaming(() => checkEligibility(without("application_date")), "application_date", "missing date");
});

check("a field set to undefined throws naming it", () => {
  assertThrowsNaming(() => checkEligibility({ ...base, has_license: undefined }), "has_license", "undefined");
});

check("a wrong type throws naming the field", () => {
  assertThrowsNaming(() => checkEligibility({ ...base, works_in_suzhou: "yes" }), "works_in_suzhou", "string for bool");
  assertThrowsNaming(() => checkEligibility({ ...base, major_matches: 1 }), "major_matches", "number for bool");
});

check("an unknown enum value throws naming the field", () => {
  assertThrowsNaming(() => checkEligibility({ ...base, degree: "phd" }), "degree", "unknown degree");
  assertThrowsNaming(() => checkEligibility({ ...base, diploma: "Bachelor" }), "diploma", "wrong case");
});

check("a bad date throws naming the field", () => {
  assertThrowsNaming(() => checkEligibility({ ...base, qualification_date: "2023-02-30" }), "qualification_date", "impossible date");
  assertThrowsNaming(() => checkEligibility({ ...base, work_start_date: "2023-2-3" }), "work_start_date", "unpadded date");
  assertThrowsNaming(() => checkEligibility({ ...base, application_date: 20261126 }), "application_date", "number date");
});

check("a date out of range throws naming the field, in Chinese", () => {
  for (const [field, value] of [["qualification_date", "0201-06-30"], ["work_start_date", "2225-01-01"]]) {
    let message = "";
    try {
      checkEligibility({ ...base, [field]: value });
    } catch (error) {
      message = error.message;
    }
    if (!message.startsWith(`${field}: `) || !message.includes("1950年1月1日")) {
      throw new Error(`${field} = ${value}: ${message || "accepted"}`);
    }
  }
});

check("insured_since is required when insurance is not visible", () => {
  assertThrowsNaming(
    () => checkEligibility({ ...base, insurance_visible: false, insured_since: null }),
    "insured_since",
    "insured_since null",
  );
});

check("answers that are not an object throw naming answers", () => {
  assertThrowsNaming(() => checkEligibility(undefined), "answers", "undefined answers");
  assertThrowsNaming(() => checkEligibility([]), "answers", "array answers");
});

check("unknown answer fields are ignored", () => {
  assertEqual(checkEligibility({ ...base, nickname: "小王" }), checkEligibility(base), "extra field");
});

check("a custom policy changes the result", () => {
  const strict = checkSummary("字".repeat(900), { summary_min_words: 1000 });
  assertEqual([strict.minimum, strict.meets_minimum], [1000, false], "summary_min_words 1000");
  const loose = checkSummary("字".repeat(900));
  assertEqual([loose.minimum, loose.meets_minimum], [800, true], "default minimum");
  const december = checkEligibility({ ...base, application_date: "2026-12-10" }, { intake_months: [6, 12] });
  assertEqual([december.intake_month, december.decision_month], ["2026-12", "2027-01"], "December intake");
});

check("a bad policy throws naming the key", () => {
  assertThrowsNaming(() => checkSummary("字", { summary_min_word: 1 }), "summary_min_word", "unknown key");
  assertThrowsNaming(() => checkSummary("字", { intake_months: [13] }), "policy.intake_months", "month 13");
  assertThrowsNaming(() => checkSummary("字", { intake_months: [] }), "policy.intake_months", "no month");
  assertThrowsNaming(() => checkSummary("字", { intake_months: [1, "3"] }), "policy.intake_months[1]", "string month");
  assertThrowsNaming(() => checkSummary("字", { summary_min_words: 1.5 }), "policy.summary_min_words", "fraction");
  assertThrowsNaming(() => checkEligibility(base, { rules_from_year: 0 }), "policy.rules_from_year", "year 0");
  assertThrowsNaming(() => checkEligibility(base, [1, 3]), "policy", "array policy");
  assertThrowsNaming(() => checkEligibility(base, "default"), "policy", "string policy");
});

// The readers of checker-wasm/src/input.rs keep serde's wording (what the checker said when serde
// read the arguments): the whole message, not only the field.
check("input errors keep their exact wording", () => {
  const cases = [
    [() => checkEligibility({ ...base, works_in_suzhou: "yes" }), 'works_in_suzhou: invalid type: string "yes", expected a boolean'],
    [() => checkEligibility({ ...base, major_matches: 1.5 }), "major_matches: invalid type: a number with a fraction, expected a boolean"],
    [() => checkEligibility({ ...base, diploma: "phd" }), "diploma: unknown variant `phd`, expected one of `none`, `secondary_vocational`, `junior_college`, `bachelor`, `master`, `doctorate`"],
    [() => checkEligibility({ ...base, degree: 3 }), "degree: invalid type: integer `3`, expected enum Degree"],
    [() => checkEligibility({ ...base, qualification_date: "2023-02-30" }), 'qualification_date: invalid value: string "2023-02-30", expected a real calendar date written "YYYY-MM-DD"'],
    [() => checkEligibility({ ...base, insured_since: false }), 'insured_since: invalid type: boolean `false`, expected a real calendar date written "YYYY-MM-DD"'],
    [() => checkEligibility(without("diploma")), "diploma: required field is missing"],
    [() => checkEligibility([]), "answers: invalid type: an array, expected struct Answers"],
    [() => checkSummary("字", { intake_months: [1, -3] }), "policy.intake_months[1]: invalid value: integer `-3`, expected u32"],
    [() => checkSummary("字", { intake_months: 5 }), "policy.intake_months: invalid type: integer `5`, expected a sequence"],
    [() => checkSummary("字", { rules_from_year: 2 ** 40 }), "policy.rules_from_year: invalid value: integer `1099511627776`, expected i32"],
    [() => checkSummary("字", { zz: 1 }), "policy.zz: unknown field `zz`, expected one of `intake_months`, `rules_from_year`, `internship_months`, `insurance_proof_months`, `summary_min_words`, `xuexin_from_year`"],
    [() => checkSummary("字", null), null],
    [() => checkWorkHistory([{ start: "2020-01" }, { start: "2020-02", end: 3 }], { application_date: "2025-01-01" }), 'entries[1].end: invalid type: integer `3`, expected a month written "YYYY-MM"'],
    [() => checkWorkHistory([{ end: "2020-01" }], { application_date: "2025-01-01" }), "entries[0].start: required field is missing"],
    [() => checkWorkHistory([{ start: "2020-01", unit: 5 }], { application_date: "2025-01-01" }), "entries[0].unit: invalid type: integer `5`, expected a string"],
    [() => checkWorkHistory({}, {}), "entries: invalid type: an object, expected a sequence"],
    [() => checkWorkHistory([], { qualification_date: null }), "context.application_date: required field is missing"],
  ];
  for (const [call, expected] of cases) {
    let message = null;
    try {
      call();
    } catch (error) {
      message = error.message;
    }
    assertEqual(message, expected, String(call));
  }
});

check("checkSummary needs a string", () => {
  assertThrowsNaming(() => checkSummary(42), "text", "number text");
  assertThrowsNaming(() => checkSummary(undefined), "text", "undefined text");
});

check("an Extension-B ideograph counts once", () => {
  const result = checkSummary("𠮷野家");
  assertEqual([result.words, result.asian_chars, result.chars_no_spaces], [3, 3, 3], "counts");
});

// --- hostile arguments: JavaScript that throws while the checker reads it --------------------
const revoked = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const throwingKeys = () => new Proxy({}, { ownKeys() { throw new Error("ownKeys"); } });
const throwingItems = () => new Proxy([1, 3], { get() { throw new Error("get"); } });

check("checkWorkHistory: values that throw give an Error naming where", () => {
  assertThrowsNaming(
    () => checkWorkHistory([historyEntry, { ...historyEntry, get start() { throw new Error("x"); } }], historyContext),
    "entries[1].start",
    "getter",
  );
  assertThrowsNaming(() => checkWorkHistory(revoked(), historyContext), "entries", "revoked entries");
  assertThrowsNaming(() => checkWorkHistory(throwingItems(), historyContext), "entries", "get trap");
  assertThrowsNaming(() => checkWorkHistory([historyEntry], throwingKeys()), "context", "ownKeys trap");
});

check("a getter that throws gives an Error naming its field", () => {
  assertThrowsNaming(() => checkEligibility({ ...base, get diploma() { throw new Error("x"); } }), "diploma", "getter");
  assertThrowsNaming(() => checkSummary("字", { get summary_min_words() { throw 1; } }), "policy.summary_min_words", "policy getter");
});

check("a revoked Proxy gives an Error naming the argument", () => {
  assertThrowsNaming(() => checkEligibility(revoked()), "answers", "revoked answers");
  assertThrowsNaming(() => checkEligibility(base, revoked()), "policy", "revoked policy");
  assertThrowsNaming(() => checkEligibility({ ...base, diploma: revoked() }), "diploma", "revoked field");
  assertThrowsNaming(() => checkSummary(revoked()), "text", "revoked text");
});

check("a Proxy whose traps throw gives an Error naming where", () => {
  assertThrowsNaming(() => checkEligibility(throwingKeys()), "answers", "ownKeys trap");
  assertThrowsNaming(() => checkSummary("字", { intake_months: throwingItems() }), "policy.intake_months", "get trap");
});

check("mountPage without a page throws an Error", () => {
  assertThrowsNaming(() => checker.mountPage(), "document", "no document");
});

check("thousands of throwing arguments leave the checker working", () => {
  const hostile = [
    () => checkEligibility({ get diploma() { throw new Error("x"); } }),
    () => checkEligibility(revoked()),
    () => checkEligibility(throwingKeys()),
    () => checkSummary("字", { intake_months: throwingItems() }),
    () => checkWorkHistory([{ get start() { throw new Error("x"); } }], historyContext),
  ];
  // The reported reproducer, then every kind in turn.
  for (let i = 0; i < 2300; i++) {
    try {
      hostile[0]();
    } catch {
      // expected
    }
  }
  for (let i = 0; i < 2300; i++) {
    try {
      hostile[i % hostile.length]();
    } catch {
      // expected
    }
  }
  assertEqual(checkSummary("abc").words, 1, "checkSummary after the hostile calls");
  assertEqual(checkEligibility(base).outcome, eligibilityCases[0].expect.outcome, "checkEligibility after them");
  assertEqual(checkWorkHistory([historyEntry], historyContext).months, workHistory.cases[0].expect.months, "checkWorkHistory after them");
});

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
