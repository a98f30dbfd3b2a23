/**
 * The deck's fit script, run in the browser wherever the deck is laid out: presented, printed from the
 * browser, printed to PDF and measured by `check` (src/pdf/measure.ts calls `__briefdeckFit` once the
 * print view is ready, so the steps are taken with the deck's fonts loaded: again for the deck's own
 * print view, the only time for the slides PDF's document). Each slide declares its
 * layout's number of fit steps (`data-bd-fit-steps`, from src/render/fit.ts); while its content overflows
 * the frame, the next class (bd-fit-1, bd-fit-2) is tried. The step kept is written to `data-bd-fit`.
 * `data-bd-density="compact"` starts at step 1. Classes, not inline styles, so the theme owns the look.
 */

// The fit itself, as `window.__briefdeckFit`. Every slide at once, a step at a time: the classes of all
// the slides still trying are written, then each of them is read, so the page is laid out once a step
// (four times at most) rather than once for each slide and step.
const FIT_FUNCTION = `var MAX_STEPS = 3;
  function overflows(slide) {
    var content = slide.content;
    return content.scrollHeight > content.clientHeight || content.scrollWidth > content.clientWidth;
  }
  function showStep(slide) {
    for (var i = 1; i <= MAX_STEPS; i++) slide.section.classList.toggle("bd-fit-" + i, i === slide.step);
  }
  function fitSlides() {
    var slides = [];
    document.querySelectorAll("section.bd-section").forEach(function (section) {
      var content = section.querySelector(".bd-content");
      if (content === null) return;
      var steps = Math.min(Number(section.getAttribute("data-bd-fit-steps")) || 0, MAX_STEPS);
      var step = section.getAttribute("data-bd-density") === "compact" ? Math.min(1, steps) : 0;
      slides.push({ section: section, content: content, steps: steps, step: step, display: section.style.display });
      // reveal.js hides slides away from the current one; a hidden slide has no size to measure.
      section.style.display = "block";
    });
    var trying = slides;
    while (trying.length > 0) {
      trying.forEach(showStep);
      trying = trying.filter(function (slide) { return slide.step < slide.steps && overflows(slide); });
      trying.forEach(function (slide) { slide.step += 1; });
    }
    slides.forEach(function (slide) {
      slide.section.style.display = slide.display;
      slide.section.setAttribute("data-bd-fit", String(slide.step));
    });
  }
  Object.defineProperty(window, "__briefdeckFit", { value: fitSlides });`;

/** The deck's: fits as the deck is parsed, and again as its fonts arrive. */
export const FIT_SCRIPT = `(function () {
  ${FIT_FUNCTION}
  fitSlides();
  // The deck's fonts arrive after the first layout: fit again once they have.
  if (document.fonts) {
    document.fonts.ready.then(fitSlides);
    document.fonts.addEventListener("loadingdone", fitSlides);
  }
})();`;

/**
 * The slides PDF's document's (render/print-deck.ts): it only defines the fit, which src/pdf/measure.ts
 * runs once the document has loaded with its fonts. Fitted as it was parsed, with the fallback fonts,
 * the first brief's print view was laid out in vain: about 18 ms of its load.
 */
export const PRINT_FIT_SCRIPT = `(function () {
  ${FIT_FUNCTION}
})();`;
