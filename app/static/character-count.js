// A free-text answer's character count counts as the server checks it (TextLength in
// app/public/forms.py): one for each character a person typed, an emoji or a character outside
// the Basic Multilingual Plane included. GOV.UK Frontend counts the text's UTF-16 code units,
// two for each of those, so the page said "too many" of an answer the server accepted.
//
// A question page loads this in its head, before app.js starts the components, so every count
// on the page is made this way from the first. A count of words is left as GOV.UK Frontend
// makes it; a line break counts as one, as both already count it.
import { CharacterCount } from "./govuk/govuk-frontend.min.js";

const countAsFrontendDoes = CharacterCount.prototype.updateCount;

CharacterCount.prototype.updateCount = function updateCount() {
  if (this.config.maxwords) {
    countAsFrontendDoes.call(this);
    return;
  }
  // A string's iterator gives one item for each code point, as Python's len() counts.
  let count = 0;
  for (const _character of this.$textarea.value) count += 1;
  this.count = count;
};
