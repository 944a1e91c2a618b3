// HR's review screen: a convenience only (everything works without it). Ticking "all met" shows every
// criterion without a result as "met"; the server applies the same rule to what is left blank, so the page
// and the saved result agree either way.
document.addEventListener("DOMContentLoaded", function () {
  var allMet = document.querySelector(".review-screen input[name='all_met']");
  if (!allMet) { return; }
  allMet.addEventListener("change", function () {
    if (!allMet.checked) { return; }
    document.querySelectorAll(".review-screen fieldset.criterion").forEach(function (group) {
      if (!group.querySelector("input[type=radio]:checked")) {
        var met = group.querySelector("input[type=radio][value='met']");
        if (met) { met.checked = true; }
      }
    });
  });
});
