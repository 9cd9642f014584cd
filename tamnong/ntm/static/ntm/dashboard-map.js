// The dashboard's map: communes coloured by criteria met (markers from the page's JSON, boundaries fetched).
(function () {
  var markers = JSON.parse(document.getElementById("markers").textContent);
  var map = L.map("map", {attributionControl: false});
  var bounds = [];
  function colour(m) {
    var ratio = m.criteria / m.total;
    return ratio >= 1 ? "#14532d" : ratio >= 15 / 19 ? "#2f8f5b" : ratio >= 10 / 19 ? "#8cc084" : "#c0392b";
  }
  var byCode = {};
  markers.forEach(function (m) { byCode[m.code] = m; });
  var boundariesUrl = document.getElementById("map").dataset.boundaries;
  if (boundariesUrl) {
    fetch(boundariesUrl).then(function (r) { return r.json(); }).then(function (data) {
      if (!data.features.length) { return; }
      L.geoJSON(data, {style: function (f) {
        var m = byCode[f.properties.code];
        return {color: "#555", weight: 1, fillColor: m ? colour(m) : "#ddd", fillOpacity: m ? 0.5 : 0.2};
      }}).addTo(map).bringToBack();
    });
  }
  markers.forEach(function (m) {
    L.circleMarker([m.lat, m.lon], {radius: 9, color: "#fff", weight: 1, fillColor: colour(m), fillOpacity: 0.9})
      .bindTooltip(m.tip || (m.name + ": " + m.criteria + "/" + m.total)).on("click", function () { window.location = m.url; })
      .addTo(map);
    bounds.push([m.lat, m.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, {padding: [20, 20], maxZoom: 12}); } else { map.setView([16, 106], 5); }
})();
