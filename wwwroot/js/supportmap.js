// 支え合いマップ: progressive enhancement only. Without this file (or Leaflet) the page keeps its list and the
// area/address fields, and the form works the same.
(function () {
  'use strict';
  if (!window.L) { return; }
  var japan = [36.2, 138.25];

  function baseMap(element) {
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false }).setView(japan, 5);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.attribution || '', maxZoom: 18 }).addTo(map);
    }
    return map;
  }

  var view = document.getElementById('support-map');
  if (view) {
    var map = baseMap(view);
    fetch(view.dataset.points, { headers: { Accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (page) {
        var bounds = [];
        page.items.forEach(function (p) {
          var marker = L.marker([p.latitude, p.longitude], { title: p.name, alt: p.name }).addTo(map);
          var popup = document.createElement('div');
          var name = document.createElement('strong');
          name.textContent = p.name;
          popup.appendChild(name);
          if (p.description) {
            var text = document.createElement('p');
            text.textContent = p.description;
            popup.appendChild(text);
          }
          marker.bindPopup(popup);
          bounds.push([p.latitude, p.longitude]);
        });
        if (bounds.length) { map.fitBounds(bounds, { maxZoom: 15, padding: [20, 20] }); }
      })
      .catch(function () { /* the list below the map has everything */ });
  }

  var pick = document.getElementById('pick-map');
  if (pick) {
    var lat = document.getElementById('Latitude');
    var lng = document.getElementById('Longitude');
    var status = document.getElementById('pick-status');
    var pickMap = baseMap(pick);
    var marker = null;
    function place(latlng) {
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(pickMap); }
      status.textContent = '地図の点を選びました。地域も選んでください。';
    }
    if (lat.value && lng.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); pickMap.setView(marker.getLatLng(), 15); }
    pickMap.on('click', function (e) { place(e.latlng); });
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'secondary';
    clear.textContent = '地図の点を消す';
    clear.addEventListener('click', function () {
      lat.value = ''; lng.value = '';
      if (marker) { pickMap.removeLayer(marker); marker = null; }
      status.textContent = '地図の点を消しました。';
    });
    status.parentNode.insertBefore(clear, status.nextSibling);
  }
})();
