/**
 * What the generic table machinery offers beyond parameters and rules, over a small table of its
 * own: a per-value `refine`, the provider's own `setting`s, inputs no shape describes, hidden
 * inputs, outputs refused as inputs, and encoding that keeps empty values.
 */
import { outputNames, param, resourceProps, resourceTable } from "../../provider/schema/parameterTable";
import { flag, integer, listOf, text, unknownValue } from "../../provider/schema/shapes";
import { checkInputs } from "../../provider/resources/table/check";
import { encodeSetParameters } from "../../provider/resources/table/encode";
import { outputsFromAnswer } from "../../provider/resources/table/readBack";

const gadgets = resourceTable(
  "Gadget",
  {
    label: param(text(), {
      api: "Label",
      required: true,
      refine: (value) => (value.trim() === "" ? "must not be blank" : undefined),
    }),
    parts: param(listOf(text()), { api: "Parts" }),
    patience: param(integer({ min: 1 }), { api: "patience", setting: true, default: 60 }),
    verbose: param(flag(), { api: "verbose", setting: true }),
  },
  {
    reported: { gadgetId: { api: "GadgetId", shape: text() } },
    extraInputs: {
      extras: { check: (value) => (Array.isArray(value) ? undefined : "must be a list") },
    },
    hiddenInputs: ["__owner"],
  },
);

describe("checkInputs, beyond the parameters", () => {
  it("refines a value once it passes its shape, in its place among the failures", () => {
    expect(checkInputs(gadgets, { label: " ", patience: 0 }).failures).toEqual([
      { property: "label", reason: "must not be blank" },
      { property: "patience", reason: "must be at least 1 (got 0)" },
    ]);
    // A value that fails its shape, or is not known yet, is not refined.
    expect(checkInputs(gadgets, { label: 5 }).failures).toEqual([
      { property: "label", reason: "must be a string" },
    ]);
    expect(checkInputs(gadgets, { label: unknownValue }).failures).toEqual([]);
  });

  it("checks inputs no shape describes with their own rule, and keeps them", () => {
    const { inputs, failures } = checkInputs(gadgets, { label: "g", extras: [{ any: 1 }], __owner: "o" });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({ label: "g", extras: [{ any: 1 }], __owner: "o" });
    expect(checkInputs(gadgets, { label: "g", extras: "x" }).failures).toEqual([
      { property: "extras", reason: "must be a list" },
    ]);
    expect(checkInputs(gadgets, { label: "g", extras: unknownValue }).failures).toEqual([]);
    expect(checkInputs(gadgets, { label: "g", extras: null }).inputs).not.toHaveProperty("extras");
  });

  it("refuses outputs by name, and suggests names in the singular or plural", () => {
    expect(
      checkInputs(gadgets, { label: "g", gadgetId: "x", part: ["a"], extra: [], Label: "x" }).failures,
    ).toEqual([
      { property: "gadgetId", reason: "is an output of Gadget, reported by SAE; it cannot be set" },
      { property: "part", reason: "is not a Gadget input (did you mean parts?)" },
      { property: "extra", reason: "is not a Gadget input (did you mean extras?)" },
      { property: "Label", reason: "is not a Gadget input (did you mean label?)" },
    ]);
  });
});

describe("settings, extra inputs and empty values on the way out", () => {
  it("never sends a setting, and sends empty values only when asked to", () => {
    const inputs = { label: "g", parts: [], patience: 5, verbose: true };
    expect(encodeSetParameters(gadgets.parameters, inputs)).toEqual({ Label: "g" });
    expect(encodeSetParameters(gadgets.parameters, inputs, { keepEmpty: true })).toEqual({
      Label: "g",
      Parts: "[]",
    });
  });

  it("keeps a setting's last value on read-back, as the answer cannot hold it", () => {
    expect(outputsFromAnswer(gadgets, { Label: "g", patience: 9 }, { patience: 5 })).toEqual({
      label: "g",
      patience: 5,
    });
  });

  it("names extra inputs among the outputs, and hidden ones not", () => {
    expect(outputNames(gadgets)).toEqual(["label", "parts", "patience", "verbose", "extras", "gadgetId"]);
    expect(resourceProps(gadgets, { label: "g" })).toEqual({
      label: "g",
      parts: undefined,
      patience: undefined,
      verbose: undefined,
      extras: undefined,
      gadgetId: undefined,
    });
  });
});
