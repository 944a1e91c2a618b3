/* Progressive enhancement of the document uploads (no inline script; the page works without this file).
   A form with data-upload gets: a file larger than its input's data-max-bytes refused before anything is sent,
   with the input's data-too-big message ({name}, {size}, {max} in MB); more files than data-max-files refused
   likewise (data-too-many); and a progress bar while the files are sent. The server checks everything again. */
(function () {
  "use strict";
  // A size is rounded up and a limit down, so a file just over the limit never reads as equal to it.
  function mb(bytes, up) { return ((up ? Math.ceil : Math.floor)(bytes / 104857.6) / 10).toString(); }
  function say(form, text) {
    var out = form.querySelector(".upload-status");
    if (!out) {
      out = document.createElement("p");
      out.className = "upload-status";
      out.setAttribute("role", "status");
      out.setAttribute("aria-live", "polite");
      form.appendChild(out);
    }
    out.textContent = text;
    return out;
  }
  function refused(input) {
    var max = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var most = parseInt(input.getAttribute("data-max-files") || "0", 10);
    var files = Array.prototype.slice.call(input.files || []);
    if (most && files.length > most) {
      return (input.getAttribute("data-too-many") || "").replace("{n}", most);
    }
    for (var i = 0; i < files.length; i++) {
      if (max && files[i].size > max) {
        return (input.getAttribute("data-too-big") || "").replace("{name}", files[i].name)
          .replace("{size}", mb(files[i].size, true)).replace("{max}", mb(max, false));
      }
    }
    return "";
  }
  function check(input) {
    var problem = refused(input);
    input.setCustomValidity(problem);
    if (problem) { say(input.form, problem).classList.add("error"); }
    else if (input.form.querySelector(".upload-status")) { say(input.form, "").classList.remove("error"); }
    return !problem;
  }
  function send(form, event) {
    var input = form.querySelector("input[type=file][data-max-bytes]");
    if (input && !check(input)) { event.preventDefault(); input.focus(); return; }
    if (!window.XMLHttpRequest || !window.FormData) { return; }
    event.preventDefault();
    var bar = form.querySelector("progress") || document.createElement("progress");
    bar.max = 100; bar.value = 0; bar.hidden = false;
    bar.setAttribute("aria-label", form.getAttribute("data-sending") || "");
    form.appendChild(bar);
    var button = form.querySelector("[type=submit]");
    if (button) { button.disabled = true; }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        bar.value = Math.round(100 * e.loaded / e.total);
        say(form, (form.getAttribute("data-sending") || "") + " " + bar.value + " %");
      }
    };
    xhr.onload = function () {
      // The answer is the page the server redirected to, with its messages: show it as if navigated to.
      var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
      if (!page.body || xhr.status >= 400) { window.location.assign(xhr.responseURL || window.location.href); return; }
      document.title = page.title;
      document.body.replaceWith(document.importNode(page.body, true));
      var hash = form.getAttribute("data-anchor") || "";
      window.history.replaceState(null, "", (xhr.responseURL || window.location.href).split("#")[0] + hash);
      var target = hash && document.getElementById(hash.slice(1));
      if (target) { target.scrollIntoView(); }
    };
    xhr.onerror = function () { if (button) { button.disabled = false; } form.submit(); };
    xhr.send(new FormData(form));
  }
  document.addEventListener("change", function (e) {
    var input = e.target;
    if (input.matches && input.matches("form[data-upload] input[type=file][data-max-bytes]")) { check(input); }
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.matches && form.matches("form[data-upload]")) { send(form, e); }
  });
})();
