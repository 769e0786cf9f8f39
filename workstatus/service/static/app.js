// The triage job page: poll the job's progress and reload when it has finished.
// Only numbers and the state go into the page, always as text (textContent), never as markup.
(function () {
  var section = document.getElementById("job");
  if (!section) return;
  var id = section.getAttribute("data-job");
  var state = document.getElementById("job-state"), rows = document.getElementById("job-rows"),
      meter = document.getElementById("job-meter");
  var names = {};
  ["queued", "running", "interrupted", "done", "failed"].forEach(function (s) {
    names[s] = section.getAttribute("data-name-" + s) || s;
  });
  function poll() {
    fetch("/v1/batches/" + encodeURIComponent(id), {headers: {accept: "application/json"}})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        state.textContent = names[job.state] || job.state;
        rows.textContent = job.rows_done + (job.total ? " / " + job.total : "");
        if (job.total) meter.style.width = Math.round(100 * job.rows_done / job.total) + "%";
        if (job.state === "done" || job.state === "failed") { window.location.reload(); return; }
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
