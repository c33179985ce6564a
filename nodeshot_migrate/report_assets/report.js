/* The page of a nodeshot-migrate report (nodeshot_migrate/report.py).
 *
 * Reads the JSON elements the report embeds (built in the database by
 * sql/report/report.sql) and draws the tables and the map. Every text from
 * the database goes in with textContent, never as HTML.
 *
 * The nodes and links are drawn by two small canvas layers of our own
 * (PointCloud, LinkCloud) rather than one Leaflet layer per node: 200,000
 * circle markers are 200,000 objects that Leaflet's canvas renderer walks
 * on every mouse move; here a redraw is one loop over typed arrays, and a
 * click looks for the nearest point in the same arrays. The layer areas
 * and the swapped-coordinate hints are few, and use Leaflet's own canvas
 * renderer (preferCanvas).
 */
(function () {
  "use strict";
  var scriptStarted = performance.now();

  function data(id) {
    var node = document.getElementById("data-" + id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fmt(n) {
    return n === null || n === undefined ? "" : Number(n).toLocaleString("en");
  }

  function table(headers, rows, numeric) {
    var t = el("table", "grid");
    var head = t.appendChild(el("tr"));
    headers.forEach(function (h, i) {
      head.appendChild(el("th", numeric && numeric[i] ? "num" : "", h));
    });
    rows.forEach(function (row) {
      var tr = t.appendChild(el("tr"));
      row.forEach(function (cell, i) {
        tr.appendChild(el("td", numeric && numeric[i] ? "num" : "", numeric && numeric[i] ? fmt(cell) : cell));
      });
    });
    return t;
  }

  var page = data("page") || { missing: {}, rowsPerGroup: 0 };

  function fill(section) {
    return document.querySelector("#" + section + " .fill");
  }

  function unavailable(section, key) {
    var reason = page.missing[key || section];
    if (!reason) return false;
    fill(section).appendChild(el("p", "unavailable", "Not available: " + reason));
    return true;
  }

  // -- the tables ------------------------------------------------------------------------

  var reconciliation = data("reconciliation");
  var rejects = data("rejects");
  var notices = data("notices");
  var runs = data("runs");

  if (!unavailable("reconciliation")) {
    fill("reconciliation").appendChild(el("p", "hint",
      "Every legacy row is migrated, merged into a row the site had, rejected, or not migrated " +
      "(no place for it in nodeshot 1.x)."));
    fill("reconciliation").appendChild(table(
      ["legacy table", "legacy rows", "migrated", "merged", "rejected", "not migrated", "why not migrated"],
      reconciliation, [false, true, true, true, true, true, false]));
  }

  // [[entity, rule, count, [[legacy id, name, detail], ...]], ...]
  function groups(container, list, table_name, emptyText) {
    if (!list || !list.length) {
      container.appendChild(el("p", "hint", emptyText));
      return;
    }
    var summary = table(["legacy table", "rule", "rows"], list.map(function (g) {
      return [g[0], g[1], g[2]];
    }), [false, false, true]);
    summary.classList.add("summary");
    container.appendChild(summary);
    list.forEach(function (g) {
      var details = container.appendChild(el("details", "group"));
      details.dataset.entity = g[0];
      details.dataset.rule = g[1];
      details.appendChild(el("summary", "", g[0] + " · " + g[1] + " · " + fmt(g[2]) + " rows"));
      details.appendChild(table(["legacy id", "name", "detail"], g[3], [false, false, false]));
      var more = g[2] - g[3].length;
      if (more > 0) {
        details.appendChild(el("p", "more",
          fmt(more) + " more not listed here: select legacy_id, detail from " + table_name +
          " where entity = '" + g[0] + "' and rule = '" + g[1] + "' order by legacy_id;"));
      }
    });
  }

  if (!unavailable("rejects")) {
    groups(fill("rejects"), rejects, "migration.rejects", "No legacy row was rejected.");
  }
  if (!unavailable("notices")) {
    groups(fill("notices"), notices, "migration.notices", "No value was changed on the way.");
  }

  var USER_RULES = ["emails_merged", "username_renamed", "admin_merged", "admin_owns_nodes"];
  var SITE_RULES = ["site_change_kept", "site_change_overwritten", "site_deletion_undone", "profile_in_use"];

  function pick(list, rules) {
    return (list || []).filter(function (g) { return rules.indexOf(g[1]) >= 0; });
  }

  (function users() {
    var box = fill("users");
    if (reconciliation) {
      var admins = reconciliation.filter(function (r) { return r[0] === "auth_user"; })[0];
      if (admins) {
        box.appendChild(el("p", "", "Legacy admins: " + fmt(admins[1]) + "; " + fmt(admins[2]) +
          " migrated as new profiles, " + fmt(admins[3]) + " matched to a profile the site already had, " +
          fmt(admins[4]) + " rejected. Node owners become users by their email (B.5)."));
      }
    }
    if (unavailable("users", "notices")) return;
    groups(box, pick(notices, USER_RULES), "migration.notices",
      "No emails merged, no username renamed, no admin matched to an existing profile.");
  })();

  (function syncRuns() {
    var box = fill("runs");
    box.appendChild(el("h3", "", "Site changes met by the last build"));
    if (!page.missing.notices) {
      groups(box, pick(notices, SITE_RULES).concat(pick(rejects, ["id_taken"])), "migration.notices",
        "None: no site change kept or overwritten, no site deletion undone, no legacy id taken by a site row.");
    }
    box.appendChild(el("h3", "", "Committed runs (migration.runs, newest first)"));
    if (unavailable("runs")) return;
    if (!runs.length) {
      box.appendChild(el("p", "hint", "No run has committed yet."));
      return;
    }
    box.appendChild(table(
      ["run", "started", "finished", "outcome", "time zone", "inserted", "updated", "deleted", "tables changed"],
      runs.map(function (r) {
        return [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8].map(function (t) {
          return t[0] + " +" + t[1] + " ~" + t[2] + " -" + t[3];
        }).join(", ")];
      }),
      [false, false, false, false, false, true, true, true, false]));
  })();

  // -- the map ------------------------------------------------------------------------------

  var mapBox = fill("map");
  var mapMissing = ["map_nodes", "map_rejected", "map_layers", "map_swapped", "map_links"].filter(function (k) {
    return page.missing[k];
  });
  mapMissing.forEach(function (k) {
    mapBox.appendChild(el("p", "unavailable", "Not on the map (" + k.replace("map_", "") + "): " + page.missing[k]));
  });
  var canvasBox = mapBox.appendChild(el("div", ""));
  canvasBox.id = "map-canvas";
  var note = mapBox.appendChild(el("p", "hint"));
  note.id = "map-note";

  if (typeof L === "undefined") {
    note.textContent = "The map library did not load.";
    return;
  }

  // Web Mercator at zoom 0 (Leaflet's EPSG:3857, 256 pixels for the world)
  function mercX(lng) { return (lng + 180) / 360 * 256; }
  function mercY(lat) {
    var max = 85.0511287798, s = Math.sin(Math.max(Math.min(lat, max), -max) * Math.PI / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
  }

  function layerColor(id) {
    if (id === null || id === undefined) return "#555";
    return "hsl(" + ((id * 137.508) % 360).toFixed(0) + ", 70%, 38%)";
  }

  var SQUARES_FROM = 5000;
  var PointCloud = L.Layer.extend({
    options: { pane: "overlayPane", radius: 3, stroke: null, fill: "#333" },

    initialize: function (name, options) {
      L.setOptions(this, options);
      this.name = name;
      this.x = []; this.y = []; this.lat = []; this.lng = [];
      this.info = [];  // per point: {id, name, ...}
      this.colors = [];  // [color, first point, end]
    },

    push: function (lng, lat, info, color) {
      var last = this.colors[this.colors.length - 1];
      var c = color || this.options.fill;
      if (!last || last[0] !== c) this.colors.push([c, this.x.length, this.x.length + 1]);
      else last[2] = this.x.length + 1;
      this.x.push(mercX(lng)); this.y.push(mercY(lat)); this.lat.push(lat); this.lng.push(lng);
      this.info.push(info);
    },

    count: function () { return this.x.length; },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-hide nm-cloud");
      this._canvas.dataset.cloud = this.name;
      map.getPane(this.options.pane).appendChild(this._canvas);
      map.on("moveend resize viewreset", this._draw, this);
      this._draw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend resize viewreset", this._draw, this);
    },

    _frame: function () {
      var map = this._map, size = map.getSize(), pad = 0.2;
      var min = map.containerPointToLayerPoint(size.multiplyBy(-pad)).round();
      var origin = map.getPixelOrigin();
      return {
        min: min, w: Math.round(size.x * (1 + 2 * pad)), h: Math.round(size.y * (1 + 2 * pad)),
        scale: Math.pow(2, map.getZoom()), ox: origin.x + min.x, oy: origin.y + min.y,
      };
    },

    _prepare: function () {
      var f = this._frame(), canvas = this._canvas, ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(canvas, f.min);
      canvas.width = f.w * ratio; canvas.height = f.h * ratio;
      canvas.style.width = f.w + "px"; canvas.style.height = f.h + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      this._last = f;
      return [f, ctx];
    },

    _draw: function () {
      var prepared = this._prepare(), f = prepared[0], ctx = prepared[1];
      var r = this.options.radius + (this._map.getZoom() >= 12 ? 1 : 0);
      var x = this.x, y = this.y, visible = [];
      this.colors.forEach(function (run) {
        var points = [];
        for (var i = run[1]; i < run[2]; i++) {
          var px = x[i] * f.scale - f.ox, py = y[i] * f.scale - f.oy;
          if (px < -r || py < -r || px > f.w + r || py > f.h + r) continue;
          points.push(px, py);
        }
        visible.push(points);
      });
      // Circles while few points are in view; squares beyond SQUARES_FROM
      // (rasterising 200,000 arcs took the browser 5 s, squares a fraction)
      var total = visible.reduce(function (n, points) { return n + points.length / 2; }, 0);
      var squares = total > SQUARES_FROM;
      var stroke = this.options.stroke;
      function squarePath(points, half) {
        ctx.beginPath();
        for (var j = 0; j < points.length; j += 2) ctx.rect(points[j] - half, points[j + 1] - half, 2 * half, 2 * half);
      }
      this.colors.forEach(function (run, k) {
        var points = visible[k];
        if (squares) {  // the outline as a larger square under the fill: fills only, no stroke to rasterise
          if (stroke) {
            squarePath(points, r + 1);
            ctx.fillStyle = stroke;
            ctx.fill();
          }
          squarePath(points, stroke ? r - 0.5 : r);
          ctx.fillStyle = run[0];
          ctx.fill();
          return;
        }
        ctx.beginPath();
        for (var j = 0; j < points.length; j += 2) {
          ctx.moveTo(points[j] + r, points[j + 1]);
          ctx.arc(points[j], points[j + 1], r, 0, 2 * Math.PI);
        }
        ctx.fillStyle = run[0];
        ctx.fill();
        if (stroke) {
          ctx.lineWidth = 1.5;
          ctx.strokeStyle = stroke;
          ctx.stroke();
        }
      });
    },

    // the index of the point nearest to a container point, within `within` pixels
    nearest: function (containerPoint, within) {
      if (!this._map || !this._last) return null;
      var f = this._last, p = this._map.containerPointToLayerPoint(containerPoint);
      var cx = p.x - f.min.x, cy = p.y - f.min.y, best = null, bestD = within * within;
      for (var i = 0; i < this.x.length; i++) {
        var dx = this.x[i] * f.scale - f.ox - cx, dy = this.y[i] * f.scale - f.oy - cy, d = dx * dx + dy * dy;
        if (d <= bestD) { best = i; bestD = d; }
      }
      return best === null ? null : { cloud: this, index: best, distance: Math.sqrt(bestD) };
    },
  });

  // Links as straight lines between their nodes, those with an end in view,
  // drawn only while few enough are in view to be told apart (LINK_LIMIT).
  var LINK_LIMIT = 4000;
  var LinkCloud = PointCloud.extend({
    initialize: function (name, options) {
      PointCloud.prototype.initialize.call(this, name, options);
      this.a = []; this.b = [];  // indexes into ax/ay
    },
    _draw: function () {
      var prepared = this._prepare(), f = prepared[0], ctx = prepared[1];
      var x = this.x, y = this.y, visible = [], n = this.a.length;
      for (var k = 0; k < n; k++) {
        var i = this.a[k], j = this.b[k];
        var ax = x[i] * f.scale - f.ox, ay = y[i] * f.scale - f.oy, bx = x[j] * f.scale - f.ox,
          by = y[j] * f.scale - f.oy;
        // a link with an end in view (one merely crossing it is clutter)
        if (!(ax >= 0 && ay >= 0 && ax <= f.w && ay <= f.h) && !(bx >= 0 && by >= 0 && bx <= f.w && by <= f.h)) continue;
        visible.push(ax, ay, bx, by);
        if (visible.length > 4 * LINK_LIMIT) break;
      }
      this.hiddenInView = visible.length > 4 * LINK_LIMIT;
      updateLinkNote(this);
      if (this.hiddenInView) return;
      ctx.beginPath();
      for (var m = 0; m < visible.length; m += 4) {
        ctx.moveTo(visible[m], visible[m + 1]);
        ctx.lineTo(visible[m + 2], visible[m + 3]);
      }
      ctx.lineWidth = 1;
      ctx.strokeStyle = "rgba(40, 40, 160, 0.55)";
      ctx.stroke();
    },
    nearest: function () { return null; },
    count: function () { return this.a.length; },
  });

  performance.mark("nm-tables");
  var map = L.map(canvasBox, { preferCanvas: true, worldCopyJump: false });
  ["nm-links", "nm-nodes", "nm-flagged", "nm-rejected"].forEach(function (name, i) {
    map.createPane(name).style.zIndex = String(420 + 10 * i);
  });

  var tiles = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 19,
    attribution: "&copy; OpenStreetMap contributors (tiles when online)",
  });
  var plain = L.layerGroup();
  tiles.addTo(map);

  var layersFc = data("map_layers");
  var nodesFc = data("map_nodes");
  var rejectedFc = data("map_rejected");
  var swappedFc = data("map_swapped");
  var links = data("map_links");

  performance.mark("nm-parsed");
  var layerNames = {};
  (layersFc ? layersFc.features : []).forEach(function (f) { layerNames[f.properties.id] = f.properties.name; });

  var areas = L.geoJSON(layersFc || [], {
    interactive: false,
    style: function (f) {
      return { color: layerColor(f.properties.id), weight: 1.5, fillOpacity: 0.05 };
    },
    pointToLayer: function (f, latlng) {
      return L.circleMarker(latlng, { radius: 7, color: layerColor(f.properties.id), fill: false, weight: 2 });
    },
    onEachFeature: function (f, layer) {
      layer.bindTooltip(f.properties.name, { permanent: true, direction: "center", className: "layer-label" });
    },
  });

  var byLayer = new PointCloud("layer", { pane: "nm-nodes" });
  var fallback = new PointCloud("default", { pane: "nm-flagged", fill: "#fff", stroke: "#111", radius: 3.5 });
  var ambiguous = new PointCloud("ambiguous", { pane: "nm-flagged", fill: "#ffb000", stroke: "#7a3e00", radius: 3.5 });
  var rejected = new PointCloud("rejected", { pane: "nm-rejected", fill: "#e00000", stroke: "#600", radius: 4 });
  var linkCloud = new LinkCloud("links", { pane: "nm-links" });
  var clouds = { layer: byLayer, "default": fallback, ambiguous: ambiguous };

  var nodeIndex = {};  // node id -> [lng, lat], for the links
  (nodesFc ? nodesFc.features : []).forEach(function (f) {
    var p = f.properties, cloud = clouds[p.c] || byLayer, coords = f.geometry.coordinates;
    for (var k = 0; k < coords.length; k++) {
      cloud.push(coords[k][0], coords[k][1], { id: p.i[k], name: p.n[k], layer: p.l, c: p.c },
        cloud === byLayer ? layerColor(p.l) : null);
      nodeIndex[p.i[k]] = coords[k];
    }
  });
  (rejectedFc ? rejectedFc.features : []).forEach(function (f) {
    var p = f.properties, coords = f.geometry.coordinates;
    for (var k = 0; k < coords.length; k++) {
      rejected.push(coords[k][0], coords[k][1], { id: p.i[k], name: p.n[k], rule: p.r, detail: p.d[k], c: "rejected" });
    }
  });

  performance.mark("nm-nodes");
  var linksMissingNode = 0;
  if (links) {
    var slot = {};
    var slotOf = function (id) {
      if (slot[id] === undefined) {
        var c = nodeIndex[id];
        if (!c) return -1;
        slot[id] = linkCloud.x.length;
        linkCloud.x.push(mercX(c[0])); linkCloud.y.push(mercY(c[1]));
      }
      return slot[id];
    };
    for (var k = 0; k < links.length; k += 2) {
      var a = slotOf(links[k]), b = slotOf(links[k + 1]);
      if (a < 0 || b < 0) { linksMissingNode++; continue; }
      linkCloud.a.push(a); linkCloud.b.push(b);
    }
  }

  performance.mark("nm-links");
  var swapped = L.layerGroup();
  var swappedCount = 0;
  (swappedFc ? swappedFc.features : []).forEach(function (f) {
    var p = f.properties;
    f.geometry.coordinates.forEach(function (line, k) {
      swappedCount++;
      var latlngs = line.map(function (c) { return [c[1], c[0]]; });
      var popup = el("div", "popup");
      popup.appendChild(el("b", "", "node " + p.i[k] + " " + (p.n[k] || "")));
      popup.appendChild(el("div", "", "lat/lng probably swapped: the swapped position (end of the dashed line) " +
        "would be inside layer " + p.s[k] + "; the node was not moved"));
      L.polyline(latlngs, { color: "#b000b0", weight: 2, dashArray: "5 4" }).bindPopup(popup).addTo(swapped);
      L.circleMarker(latlngs[1], { radius: 3, color: "#b000b0", fill: false, weight: 1.5 }).bindPopup(popup)
        .addTo(swapped);
    });
  });

  function swatch(style, label) {
    return '<span class="swatch" style="' + style + '"></span>' + label;
  }
  var counts = {
    layer: byLayer.count(), "default": fallback.count(), ambiguous: ambiguous.count(), rejected: rejected.count(),
    swapped: swappedCount, links: linkCloud.count(),
  };
  var overlays = {};
  overlays[swatch("background:linear-gradient(90deg,#a33,#3a3,#33a)", "migrated nodes, coloured by layer (" +
    fmt(counts.layer) + ")")] = byLayer;
  overlays[swatch("background:#fff;border:2px solid #111", "in no layer area: default layer (" +
    fmt(counts["default"]) + ")")] = fallback;
  overlays[swatch("background:#ffb000;border:2px solid #7a3e00", "covered by several layers (" +
    fmt(counts.ambiguous) + ")")] = ambiguous;
  overlays[swatch("background:#e00000;border:2px solid #600", "rejected, with a position (" +
    fmt(counts.rejected) + ")")] = rejected;
  overlays[swatch("border-top:2px dashed #b000b0;height:0", "lat/lng probably swapped (" + fmt(swappedCount) +
    ")")] = swapped;
  overlays[swatch("border-top:2px solid rgba(40,40,160,.55);height:0", "links (" + fmt(counts.links) + ")")] =
    linkCloud;
  overlays[swatch("border:2px solid #888;background:transparent", "layer areas (" +
    fmt(layersFc ? layersFc.features.length : 0) + ")")] = areas;

  performance.mark("nm-built");
  [areas, linkCloud, byLayer, fallback, ambiguous, swapped, rejected].forEach(function (layer) { layer.addTo(map); });
  L.control.layers({ "map tiles (online)": tiles, "plain background": plain }, overlays, { collapsed: false })
    .addTo(map);
  performance.mark("nm-added");
  L.control.scale().addTo(map);

  function updateLinkNote(cloud) {
    var parts = [];
    if (rejectedFc && rejectedFc.m) {
      parts.push(fmt(rejectedFc.m) + " rejected nodes have no usable position and are not on the map " +
        "(see Rejected rows).");
    }
    if (linksMissingNode) parts.push(fmt(linksMissingNode) + " links have a node that is not drawn.");
    if (cloud && cloud._map && cloud.hiddenInView) {
      parts.push("Links are hidden at this zoom: more than " + fmt(LINK_LIMIT) + " in view; zoom in to see them.");
    }
    note.textContent = parts.join(" ");
  }
  updateLinkNote(null);

  map.on("click", function (e) {
    var found = null;
    [rejected, ambiguous, fallback, byLayer].some(function (cloud) {
      if (!map.hasLayer(cloud)) return false;
      found = cloud.nearest(e.containerPoint, 7);
      return found !== null;
    });
    if (!found) return;
    var info = found.cloud.info[found.index], box = el("div", "popup");
    box.appendChild(el("b", "", "node " + info.id + " " + (info.name || "")));
    if (info.c === "rejected") {
      box.appendChild(el("div", "rule", "rejected: " + info.rule));
      box.appendChild(el("div", "detail", info.detail));
    } else {
      var layerName = layerNames[info.layer] || "";
      var how = { layer: "in the layer whose area covers it (or an override)",
        "default": "in no layer area: put in the default layer",
        ambiguous: "covered by several layers: layer chosen by --ambiguous-layer" }[info.c];
      box.appendChild(el("div", "", "layer " + info.layer + " " + layerName));
      box.appendChild(el("div", "", how));
    }
    L.popup().setLatLng([found.cloud.lat[found.index], found.cloud.lng[found.index]]).setContent(box).openOn(map);
  });

  performance.mark("nm-control");
  var bounds = L.latLngBounds([]);
  [byLayer, fallback, ambiguous, rejected].forEach(function (cloud) {
    for (var i = 0; i < cloud.lat.length; i++) bounds.extend([cloud.lat[i], cloud.lng[i]]);
  });
  if (!bounds.isValid() && layersFc && layersFc.features.length) bounds = areas.getBounds();
  function home() {
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [20, 20], animate: false });
    else map.setView([20, 0], 2, { animate: false });
  }
  home();

  performance.mark("nm-fitted");
  // For the browser tests and anyone curious in the console.
  window.nodeshotReport = {
    map: map,
    counts: counts,
    home: home,  // the first view: every node
    // the container point of node `id` in cloud `name` (null if it is not
    // there), after centring the map on it at `zoom` when given
    locate: function (name, id, zoom) {
      var cloud = { layer: byLayer, "default": fallback, ambiguous: ambiguous, rejected: rejected }[name];
      for (var i = 0; i < cloud.info.length; i++) {
        if (cloud.info[i].id !== id) continue;
        if (zoom) map.setView([cloud.lat[i], cloud.lng[i]], zoom, { animate: false });
        return map.latLngToContainerPoint([cloud.lat[i], cloud.lng[i]]);
      }
      return null;
    },
    // painted pixels of each node and link canvas ({layer: n, ...}), read
    // at 512 x 512 (reading a whole canvas back takes seconds at S2)
    paintedPixels: function () {
      var painted = {}, probe = document.createElement("canvas");
      probe.width = probe.height = 512;
      var ctx = probe.getContext("2d", { willReadFrequently: true });
      document.querySelectorAll("canvas.nm-cloud").forEach(function (canvas) {
        var n = 0;
        if (canvas.width && canvas.height) {
          ctx.clearRect(0, 0, 512, 512);
          ctx.drawImage(canvas, 0, 0, 512, 512);
          var px = ctx.getImageData(0, 0, 512, 512).data;
          for (var i = 3; i < px.length; i += 4) if (px[i]) n++;
        }
        painted[canvas.dataset.cloud] = n;
      });
      return painted;
    },
    scriptMs: 0,
  };
  window.nodeshotReport.scriptMs = performance.now() - scriptStarted;
})();
