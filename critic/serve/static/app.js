// critic serve: upload a resume, re-check each bullet as its answers are typed. No external resources.
(function () {
  "use strict";

  function upload(file) {
    var err = document.getElementById("upload-error");
    var drop = document.getElementById("drop");
    var max = parseFloat(drop.getAttribute("data-max-mb")) * 1024 * 1024;
    err.textContent = "";
    if (file.size > max) { err.textContent = file.name + ": over the upload limit"; return; }
    drop.classList.add("busy");
    err.textContent = "Reading " + file.name + "…";
    fetch("/open", { method: "POST", body: file, headers: { "X-Filename": file.name } })
      .then(function (r) { return r.json(); })
      .then(function (d) {
        if (d.url) { window.location.assign(d.url); } else { err.textContent = d.error || "could not open the file"; }
      })
      .catch(function () { err.textContent = "could not reach critic serve"; });
  }

  function setupHome() {
    var drop = document.getElementById("drop");
    if (!drop) return;
    var input = document.getElementById("file");
    input.addEventListener("change", function () { if (input.files.length) upload(input.files[0]); });
    drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
    drop.addEventListener("drop", function (e) {
      e.preventDefault(); drop.classList.remove("over");
      if (e.dataTransfer.files.length) upload(e.dataTransfer.files[0]);
    });
  }

  function setupDoc() {
    var main = document.getElementById("doc");
    if (!main) return;
    var docId = main.getAttribute("data-doc");
    var count = document.getElementById("count");
    Array.prototype.forEach.call(document.querySelectorAll(".card"), function (card) {
      var item = card.getAttribute("data-item");
      var timer = null, seq = 0;
      var status = card.querySelector(".status");
      var link = card.querySelector("a.num[data-mark]");
      var box = link ? document.getElementById(link.getAttribute("data-mark")) : null;
      function send() {
        var answers = {};
        Array.prototype.forEach.call(card.querySelectorAll("input[data-ph]"), function (i) {
          answers[i.getAttribute("data-ph")] = i.value;
        });
        var wording = card.querySelector("textarea[data-wording]").value;
        var mine = ++seq;
        fetch("/doc/" + docId + "/check", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ item: item, answers: answers, wording: wording })
        }).then(function (r) { return r.json(); }).then(function (d) {
          if (mine !== seq) return;
          if (d.error) { status.textContent = d.error; status.setAttribute("data-state", "fail"); return; }
          var state = d.ok ? "ok" : "fail";
          card.setAttribute("data-state", state);
          status.setAttribute("data-state", state);
          status.textContent = d.ok ? "✓ Fixed: clears " + d.cleared.join(", ") : "✗ " + d.reason;
          card.querySelector(".new").hidden = false;
          card.querySelector(".new-text").textContent = d.text;
          if (box) box.classList.toggle("cleared", d.ok);
          count.textContent = d.accepted + " of " + d.total + " bullets fixed";
        });
      }
      card.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(send, 300);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setupHome(); setupDoc(); });
})();
