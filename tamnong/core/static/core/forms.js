// Small behaviours of forms, without inline handlers (the Content-Security-Policy forbids them):
// <select data-autosubmit> submits its form when changed; <form data-confirm="…"> asks first.
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-autosubmit]") && event.target.form) {
    event.target.form.submit();
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
// The menu (<details class="menu">) closes on Escape and on a click outside it; without script it
// opens and closes by its own button.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.menu[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape") {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) { menu.removeAttribute("open"); });
  }
});
