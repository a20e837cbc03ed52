// Warn two minutes before a staff session times out, with a button to stay signed in
// (WCAG 2.2.1, Timing adjustable). The page's dialog carries how long the session has left
// (app/auth/timeout.py). "Stay signed in" asks for the account page in the background, which,
// like any staff request, starts the idle time again; nothing lengthens a session beyond the
// longest a sign-in lasts, and then the dialog says so instead. Without JavaScript, or without
// <dialog>, nothing here runs and the session times out as before.
const WARN_SECONDS = 120;
const dialog = document.getElementById("timeout-warning");

// Never later than it will be: 61 to 120 seconds is "in 2 minutes".
function inWords(seconds) {
  if (seconds > 60) return `in ${Math.ceil(seconds / 60)} minutes`;
  if (seconds > 30) return "in 1 minute";
  return "in less than a minute";
}

if (dialog && typeof dialog.showModal === "function") {
  const settings = dialog.dataset;
  const idle = Number(settings.idleSeconds) * 1000;
  const longestEnd = Date.now() + Number(settings.longestLeft) * 1000;
  const canStayText = dialog.querySelector("[data-timeout-can-stay]");
  const cannotStayText = dialog.querySelector("[data-timeout-cannot-stay]");
  const stay = dialog.querySelector("[data-timeout-stay]");
  const close = dialog.querySelector("[data-timeout-close]");
  let endsAt = Date.now() + Number(settings.secondsLeft) * 1000;
  let timer = null;
  let dismissed = false; // "Continue" when staying signed in is not possible: warned once

  const canStay = () => Date.now() + idle < longestEnd;
  const later = (milliseconds, then) => {
    clearTimeout(timer);
    timer = setTimeout(then, Math.max(0, milliseconds));
  };

  // The page the server sends after a session has ended says why.
  const timedOut = () => window.location.assign(settings.timedOutUrl);

  const warn = () => {
    const left = endsAt - Date.now();
    if (left <= 0) {
      timedOut();
      return;
    }
    const staying = canStay();
    if (staying || !dismissed) {
      canStayText.hidden = !staying;
      cannotStayText.hidden = staying;
      stay.hidden = !staying;
      close.hidden = staying;
      for (const words of dialog.querySelectorAll("[data-timeout-left]")) {
        words.textContent = inWords(left / 1000);
      }
      if (!dialog.open) dialog.showModal();
    }
    // Again in a while: the words say how long is left, and at the end the page changes.
    later(Math.min(left, 30_000), warn);
  };

  const stayed = async () => {
    let response = null;
    try {
      response = await fetch(settings.stayUrl, {
        credentials: "same-origin",
        // Signed out already: not followed here, so that the page shown next says why.
        redirect: "manual",
      });
    } catch {
      // Offline for a moment: the warning stays open and the button can be pressed again.
      return;
    }
    if (!response.ok) {
      timedOut();
      return;
    }
    dialog.close();
    endsAt = Math.min(Date.now() + idle, longestEnd);
    later(endsAt - Date.now() - WARN_SECONDS * 1000, warn);
  };

  const dismiss = () => {
    dismissed = true;
    dialog.close();
  };

  stay.addEventListener("click", stayed);
  close.addEventListener("click", dismiss);
  // Escape does what the dialog's button does.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (stay.hidden) dismiss();
    else stayed();
  });

  later(endsAt - Date.now() - WARN_SECONDS * 1000, warn);
}
