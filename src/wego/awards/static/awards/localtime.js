// Adds the reader's local time after every UTC moment marked <time data-local> (the server enforces UTC).
document.addEventListener("DOMContentLoaded", function () {
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZoneName: "short" });
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var moment = new Date(el.getAttribute("datetime"));
    if (isNaN(moment)) { return; }
    var local = document.createElement("span");
    local.className = "local-time";
    local.textContent = " (" + format.format(moment) + ")";
    el.after(local);
  });
});
