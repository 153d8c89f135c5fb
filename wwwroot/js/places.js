// 居場所: progressive enhancement only. The list and the forms work without this file.
(function () {
  "use strict";

  // "Near me": fill the hidden lat/lng fields from the browser's location and submit the search form.
  var button = document.querySelector(".near-me");
  if (button && "geolocation" in navigator) {
    var status = document.querySelector(".near-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) { status.textContent = button.dataset.locating; }
      navigator.geolocation.getCurrentPosition(function (position) {
        var form = button.form;
        form.querySelector("[data-near=lat]").value = position.coords.latitude.toFixed(4);
        form.querySelector("[data-near=lng]").value = position.coords.longitude.toFixed(4);
        form.submit();
      }, function () {
        if (status) { status.textContent = button.dataset.failed; }
      }, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
    });
  }

  // Map: the same places as the list (or the one place of a detail page). Needs Leaflet and a tile URL.
  var mapElement = document.getElementById("places-map");
  if (!mapElement || typeof L === "undefined") { return; }
  var map = L.map(mapElement);
  L.tileLayer(mapElement.dataset.tileUrl, { attribution: mapElement.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  var points = [];
  if (mapElement.dataset.lat) {
    var single = [parseFloat(mapElement.dataset.lat), parseFloat(mapElement.dataset.lng)];
    if (mapElement.dataset.reduced === "true") {
      L.circle(single, { radius: 400 }).addTo(map);
    } else {
      L.marker(single, { keyboard: false }).addTo(map);
    }
    map.setView(single, mapElement.dataset.reduced === "true" ? 15 : 17);
    return;
  }
  document.querySelectorAll(".place-card[data-lat]").forEach(function (card) {
    if (!card.dataset.lat) { return; }
    var link = card.querySelector("h3 a");
    var point = [parseFloat(card.dataset.lat), parseFloat(card.dataset.lng)];
    var marker = L.marker(point, { title: link.textContent, keyboard: false }).addTo(map);
    var popup = document.createElement("a");
    popup.href = link.href;
    popup.textContent = link.textContent;
    marker.bindPopup(popup);
    points.push(point);
  });
  if (points.length > 0) { map.fitBounds(points, { padding: [24, 24], maxZoom: 16 }); }
})();
