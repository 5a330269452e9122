// Check-in list: after a one-tap check-in swaps a row, keyboard and screen-reader users keep their place:
// the focus goes to the button of the new row instead of being lost with the old one.
(() => {
  let pendingRowId = null;
  document.body.addEventListener("htmx:beforeRequest", (event) => {
    const row = event.detail.elt.closest("[data-checkin-row]");
    pendingRowId = row ? row.id : null;
  });
  document.body.addEventListener("htmx:afterSettle", () => {
    if (!pendingRowId) return;
    const button = document.querySelector(`#${pendingRowId} button`);
    pendingRowId = null;
    if (button) button.focus();
  });
})();
