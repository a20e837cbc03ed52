// Loaded first in <body> (templates/layout.html): tells GOV.UK Frontend's styles that
// JavaScript runs, and its components that this browser supports them (ES modules), before
// anything is drawn. Without JavaScript neither class is set and every page works as plain HTML.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
}
