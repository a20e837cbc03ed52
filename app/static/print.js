// The print buttons on card and sheet pages. Without JavaScript the buttons stay hidden and
// the browser's own Print works the same, thanks to the print stylesheet in officer.css.
for (const button of document.querySelectorAll("[data-app-print]")) {
  button.hidden = false;
  button.addEventListener("click", (event) => {
    event.preventDefault();
    window.print();
  });
}
