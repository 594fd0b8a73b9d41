// Progressive help only: every page works without this file.
// Unit autocomplete for inputs with data-units: suggestions from /api/v1/units/search into a datalist.
document.querySelectorAll("input[data-units]").forEach(function (input) {
  var list = document.getElementById(input.getAttribute("list"));
  if (!list) return;
  var timer;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var text = input.value.trim();
    if (text.length < 2) return;
    timer = setTimeout(function () {
      fetch("/api/v1/units?level=commune&limit=10&q=" + encodeURIComponent(text))
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (page) {
          list.textContent = "";
          (page.items || []).forEach(function (unit) {
            var option = document.createElement("option");
            option.value = unit.code;
            option.label = unit.name + " – tỉnh/thành phố " + unit.provinceCode;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    }, 250);
  });
});

// Print buttons appear only where printing can be started from the page.
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
