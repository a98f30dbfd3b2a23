/**
 * The deck's fit script, run in the browser wherever the deck is laid out: presented, printed from the
 * browser, printed to PDF and measured by `check` (src/pdf/measure.ts calls `__briefdeckFit` again once
 * the print view is ready, so the steps are taken with the deck's fonts loaded). Each slide declares its
 * layout's number of fit steps (`data-bd-fit-steps`, from src/render/fit.ts); while its content overflows
 * the frame, the next class (bd-fit-1, bd-fit-2) is tried. The step kept is written to `data-bd-fit`.
 * `data-bd-density="compact"` starts at step 1. Classes, not inline styles, so the theme owns the look.
 */
export const FIT_SCRIPT = `(function () {
  var MAX_STEPS = 3;
  function overflows(content) {
    return content.scrollHeight > content.clientHeight || content.scrollWidth > content.clientWidth;
  }
  function fitSlide(section) {
    var content = section.querySelector(".bd-content");
    if (content === null) return;
    var steps = Math.min(Number(section.getAttribute("data-bd-fit-steps")) || 0, MAX_STEPS);
    var step = section.getAttribute("data-bd-density") === "compact" ? Math.min(1, steps) : 0;
    // reveal.js hides slides away from the current one; a hidden slide has no size to measure.
    var display = section.style.display;
    section.style.display = "block";
    for (;;) {
      for (var i = 1; i <= MAX_STEPS; i++) section.classList.toggle("bd-fit-" + i, i === step);
      if (step >= steps || !overflows(content)) break;
      step += 1;
    }
    section.style.display = display;
    section.setAttribute("data-bd-fit", String(step));
  }
  function fitSlides() {
    document.querySelectorAll("section.bd-section").forEach(fitSlide);
  }
  Object.defineProperty(window, "__briefdeckFit", { value: fitSlides });
  fitSlides();
  // The deck's fonts arrive after the first layout: fit again once they have.
  if (document.fonts) {
    document.fonts.ready.then(fitSlides);
    document.fonts.addEventListener("loadingdone", fitSlides);
  }
})();`;
