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
