// "Which one matters most?" offers only the options ticked in the question before it on the
// page ("Select all that apply"), and all of them while none is ticked. Without JavaScript
// every option is shown, and the server asks again for an answer that was not ticked.
for (const group of document.querySelectorAll("[data-app-within]")) {
  const form = group.closest("form");
  const boxes = [...form.querySelectorAll("input[type=checkbox]")].filter(
    (box) => box.name === group.dataset.appWithin,
  );
  const radios = [...group.querySelectorAll("input[type=radio]")];
  const status = group.querySelector("[data-app-within-announce]");
  if (!boxes.length || !radios.length || !status) continue;

  const filter = (announce) => {
    const ticked = new Set(boxes.filter((box) => box.checked).map((box) => box.value));
    let shown = 0;
    for (const radio of radios) {
      const offered = ticked.size === 0 || ticked.has(radio.value);
      radio.closest(".govuk-radios__item").hidden = !offered;
      if (offered) shown += 1;
      else radio.checked = false;
    }
    // The error summary links to the first option: to the first offered, once it is hidden.
    const first = radios.find((radio) => !radio.closest(".govuk-radios__item").hidden);
    for (const link of document.querySelectorAll(".govuk-error-summary a")) {
      const target = link.dataset.appWithinTarget || link.getAttribute("href");
      if (target !== `#${radios[0].id}` || !first) continue;
      link.dataset.appWithinTarget = target;
      link.setAttribute("href", `#${first.id}`);
    }
    if (announce) {
      status.textContent = group.dataset.appWithinStatus
        .replace("%{count}", String(shown))
        .replace("%{total}", String(radios.length));
    }
  };
  for (const box of boxes) box.addEventListener("change", () => filter(true));
  filter(false);
}
