// Progressive enhancement only: every page works without JavaScript. No inline script or handler anywhere
// (the Content-Security-Policy forbids them): behaviour is attached here, from data- attributes.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Gauges: the width comes from data-percent (a style="" attribute would need 'unsafe-inline' styles).
function sizeGauges(root) {
  root.querySelectorAll("[data-percent]").forEach((bar) => {
    bar.style.width = `${Math.min(100, Math.max(0, Number(bar.dataset.percent) || 0))}%`;
  });
}
document.addEventListener("DOMContentLoaded", () => sizeGauges(document));
document.addEventListener("htmx:load", (event) => sizeGauges(event.detail.elt));
