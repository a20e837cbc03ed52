// "Compare with" on the results page follows "Group by": once the grouping is changed, it
// offers that grouping's groups. A group chosen that is not one of them goes back to the
// usual reference group. Without JavaScript the options stay those of the grouping shown, and
// the server uses the usual reference group for a grouping changed in the form.
const compare = document.querySelector("select[data-app-compare-groups]");
const by = compare?.form?.elements.namedItem("by");

if (compare && by instanceof HTMLSelectElement) {
  let groups = {};
  try {
    groups = JSON.parse(compare.dataset.appCompareGroups);
  } catch {
    groups = {};
  }
  // The first option ("The usual reference group") and the last ("All other groups
  // together") are every grouping's; the ones between are the grouping's groups.
  const usual = compare.options[0];
  const allOthers = compare.options[compare.options.length - 1];

  by.addEventListener("change", () => {
    const offered = groups[by.value];
    if (!Array.isArray(offered)) return;
    const chosen = compare.value;
    const options = offered.map(([value, text]) => new Option(text, value));
    compare.replaceChildren(usual, ...options, allOthers);
    const kept = [...compare.options].some((option) => option.value === chosen);
    compare.value = kept ? chosen : usual.value;
  });
}
