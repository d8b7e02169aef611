/* incidex map page: plain JavaScript, no build step.
 *
 * Safety rules (the page shows text written by strangers):
 * - report-derived text goes into the page with textContent / createTextNode only;
 * - a URL from a report becomes a link only when it starts with http: or https:;
 * - no inline scripts or handlers: the server's Content-Security-Policy forbids them.
 */
(function () {
  "use strict";

  const FILTER_KEYS = [
    "q", "since", "until", "event_type", "sub_event_type", "country",
    "actor", "min_fatalities", "grade", "attribution",
  ];
  const LIST_LIMIT = 100;
  const MAX_MARKERS = 10000;

  // Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
  const TYPE_COLOURS = new Map([
    ["Battles", "#D55E00"],
    ["Explosions/Remote violence", "#0072B2"],
    ["Violence against civilians", "#CC79A7"],
    ["Protests", "#009E73"],
    ["Riots", "#E69F00"],
    ["Strategic developments", "#56B4E9"],
  ]);
  const OTHER_COLOUR = "#6B7280";

  const FIELD_LABELS = [
    ["event_date", "Date"],
    ["time_precision", "Time precision"],
    ["disorder_type", "Disorder type"],
    ["event_type", "Event type"],
    ["sub_event_type", "Sub-event type"],
    ["actor1", "Actor 1"],
    ["assoc_actor_1", "Associated with actor 1"],
    ["inter1", "Actor 1 kind"],
    ["actor2", "Actor 2"],
    ["assoc_actor_2", "Associated with actor 2"],
    ["inter2", "Actor 2 kind"],
    ["interaction", "Interaction"],
    ["civilian_targeting", "Civilian targeting"],
    ["suspected_actor1", "Suspected actor 1"],
    ["location", "Location"],
    ["admin3", "Admin 3"],
    ["admin2", "Admin 2"],
    ["admin1", "Admin 1"],
    ["country", "Country"],
    ["coordinates", "Coordinates"],
    ["geo_precision", "Place precision"],
    ["fatalities", "Fatalities"],
    ["injured", "Injured"],
    ["attribution", "Attribution"],
    ["confidence", "Confidence"],
    ["grade", "Source grade"],
    ["contested", "Contested"],
    ["sources", "Sources"],
    ["notes", "Notes"],
  ];

  const state = {
    filters: {},
    tiles: null,
    generation: 0,
    timeline: [],
    scale: null,
    markers: new Map(),
    map: null,
    cluster: null,
    firstFit: true,
    openEventId: null,
  };

  const $ = (selector) => document.querySelector(selector);

  /* ---------- URL state ---------- */

  function readUrlState() {
    const params = new URLSearchParams(window.location.search);
    const filters = {};
    for (const key of FILTER_KEYS) {
      const value = params.get(key);
      if (value) filters[key] = value;
    }
    state.filters = filters;
    state.tiles = safeTileUrl(params.get("tiles") || document.body.dataset.tiles || "");
  }

  function writeUrlState() {
    const params = new URLSearchParams(window.location.search);
    for (const key of FILTER_KEYS) {
      if (state.filters[key]) params.set(key, state.filters[key]);
      else params.delete(key);
    }
    const search = params.toString();
    const url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
    window.history.replaceState(null, "", url);
  }

  function safeTileUrl(url) {
    return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : null;
  }

  function isWebUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url.trim());
  }

  function queryString(filters, extra) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value !== undefined && value !== null && value !== "") params.set(key, value);
    }
    for (const [key, value] of Object.entries(extra || {})) params.set(key, value);
    const text = params.toString();
    return text ? "?" + text : "";
  }

  async function fetchJson(path, signal) {
    const response = await fetch(path, { signal, headers: { Accept: "application/json" } });
    if (!response.ok) {
      const error = new Error(`${path} answered ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return response.json();
  }

  /* ---------- DOM helpers (text only, never HTML) ---------- */

  function element(tag, options, children) {
    const node = document.createElement(tag);
    const opts = options || {};
    if (opts.className) node.className = opts.className;
    if (opts.text !== undefined && opts.text !== null) node.textContent = String(opts.text);
    for (const [name, value] of Object.entries(opts.attrs || {})) node.setAttribute(name, value);
    for (const child of children || []) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function colourOf(eventType) {
    return TYPE_COLOURS.get(eventType) || OTHER_COLOUR;
  }

  function showStatus(text, total) {
    const count = $("#count");
    count.textContent = text;
    if (total === undefined) count.removeAttribute("data-total");
    else count.dataset.total = String(total);
  }

  function plural(n, word) {
    return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  }

  /* ---------- map ---------- */

  function createMap() {
    const map = L.map("map", {
      worldCopyJump: true,
      minZoom: 2,
      maxZoom: 14,
      zoomSnap: 0.5,
      preferCanvas: false,
      attributionControl: true,
    }).setView([20, 20], 2);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Countries: Natural Earth");
    if (state.tiles) {
      L.tileLayer(state.tiles, { maxZoom: 19 }).addTo(map);
    }
    state.cluster = L.markerClusterGroup({
      showCoverageOnHover: false,
      maxClusterRadius: 45,
      iconCreateFunction: clusterIcon,
    });
    state.cluster.addTo(map);
    L.Control.FitEvents = L.Control.extend({
      onAdd() {
        const button = element("button", {
          className: "map-button",
          text: "Fit to events",
          attrs: { type: "button", title: "Zoom to the events shown" },
        });
        L.DomEvent.disableClickPropagation(button);
        button.addEventListener("click", () => fitToMarkers());
        return button;
      },
    });
    new L.Control.FitEvents({ position: "topleft" }).addTo(map);
    state.map = map;
    loadBasemap(map);
  }

  async function loadBasemap(map) {
    try {
      const topology = await fetchJson("static/vendor/world-atlas/countries-50m.json");
      const countries = topojson.feature(topology, topology.objects.countries);
      L.geoJSON(countries, {
        interactive: false,
        renderer: L.canvas({ padding: 0.5 }),
        style: { color: "#9aa5b1", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map).bringToBack();
      document.body.dataset.basemap = "ready";
    } catch (error) {
      document.body.dataset.basemap = "failed";
      console.warn("incidex: could not load the country outlines", error);
    }
  }

  function markerDiameter(fatalities) {
    const deaths = Number(fatalities) || 0;
    return Math.round(Math.min(44, 12 + 6 * Math.log2(1 + deaths)));
  }

  function eventMarker(properties, latlng) {
    const size = markerDiameter(properties.fatalities);
    const dot = element("span", { className: "event-dot" });
    dot.style.background = colourOf(properties.event_type);
    const label = describeEvent(properties);
    const marker = L.marker(latlng, {
      icon: L.divIcon({
        className: "event-marker",
        html: dot,
        iconSize: [size, size],
      }),
      keyboard: true,
      title: label,
      alt: label,
      riseOnHover: true,
    });
    marker.eventType = properties.event_type;
    marker.fatalities = Number(properties.fatalities) || 0;
    marker.eventId = properties.event_id;
    marker.on("click", () => openEvent(properties.event_id));
    return marker;
  }

  function clusterIcon(cluster) {
    const children = cluster.getAllChildMarkers();
    const byType = new Map();
    for (const marker of children) {
      byType.set(marker.eventType, (byType.get(marker.eventType) || 0) + 1);
    }
    let angle = 0;
    const stops = [];
    for (const [eventType, n] of byType) {
      const next = angle + (n / children.length) * 360;
      stops.push(`${colourOf(eventType)} ${angle}deg ${next}deg`);
      angle = next;
    }
    const size = Math.round(Math.min(64, 30 + 8 * Math.log10(children.length)));
    const ring = element("span", { className: "cluster-ring" }, [
      element("span", { className: "cluster-count", text: children.length }),
    ]);
    ring.style.background = `conic-gradient(${stops.join(", ")})`;
    return L.divIcon({ className: "event-cluster", html: ring, iconSize: [size, size] });
  }

  function showMarkers(collection) {
    state.cluster.clearLayers();
    state.markers = new Map();
    const markers = [];
    let unplaced = 0;
    for (const feature of collection.features || []) {
      const geometry = feature.geometry;
      if (!geometry || geometry.type !== "Point") {
        unplaced += 1;
        continue;
      }
      const [lon, lat] = geometry.coordinates;
      const marker = eventMarker(feature.properties || {}, [lat, lon]);
      markers.push(marker);
      state.markers.set(marker.eventId, marker);
    }
    state.cluster.addLayers(markers);
    const mapNode = $("#map");
    mapNode.dataset.markers = String(markers.length);
    mapNode.dataset.unplaced = String(unplaced);
    if (state.firstFit && markers.length && !state.markers.has(state.openEventId)) {
      state.firstFit = false;
      fitToMarkers();
    }
    revealOpenEvent();
  }

  function revealOpenEvent() {
    const marker = state.openEventId && state.markers.get(state.openEventId);
    if (marker) state.cluster.zoomToShowLayer(marker, () => {});
  }

  function fitToMarkers() {
    const bounds = state.cluster.getBounds();
    if (bounds.isValid()) state.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 9 });
  }

  /* ---------- filters ---------- */

  async function loadFacets() {
    let facets;
    try {
      facets = await fetchJson("api/facets");
    } catch (error) {
      console.warn("incidex: facets unavailable", error);
      return;
    }
    for (const key of ["event_type", "sub_event_type", "country", "grade"]) {
      fillSelect($(`#f-${key}`), facets[key] || [], state.filters[key]);
    }
    fillLegend(facets.event_type || []);
  }

  // The API sends {value, count}; plain [value, count] pairs are accepted too.
  function facetPair(entry) {
    return Array.isArray(entry) ? entry : [entry.value, entry.count];
  }

  function fillSelect(select, pairs, chosen) {
    const first = select.options[0];
    select.replaceChildren(first);
    const values = new Set();
    for (const [value, count] of pairs.map(facetPair)) {
      if (value === null || value === undefined || value === "") continue;
      values.add(String(value));
      select.append(new Option(`${value} (${Number(count).toLocaleString("en")})`, String(value)));
    }
    if (chosen && !values.has(chosen)) select.append(new Option(chosen, chosen));
    select.value = chosen || "";
  }

  function fillLegend(eventTypes) {
    const counts = new Map(eventTypes.map(facetPair));
    const names = new Set([...TYPE_COLOURS.keys(), ...counts.keys()]);
    const list = $("#legend");
    list.replaceChildren();
    for (const name of names) {
      if (!name) continue;
      const swatch = element("span", { className: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = colourOf(name);
      list.append(
        element("li", {}, [
          swatch,
          element("span", { className: "legend-name", text: name }),
          element("span", { className: "legend-count", text: counts.get(name) || 0 }),
        ]),
      );
    }
  }

  function syncFormFromState() {
    const form = $("#filter-form");
    for (const key of FILTER_KEYS) {
      const field = form.elements.namedItem(key);
      if (field) field.value = state.filters[key] || "";
    }
  }

  function readForm() {
    const form = $("#filter-form");
    const filters = {};
    for (const key of FILTER_KEYS) {
      const field = form.elements.namedItem(key);
      const value = field ? field.value.trim() : "";
      if (value) filters[key] = value;
    }
    return filters;
  }

  function applyFilters(filters) {
    state.filters = filters;
    syncFormFromState();
    writeUrlState();
    refresh();
  }

  function bindFilterForm() {
    const form = $("#filter-form");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      applyFilters(readForm());
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches("select, input[type=date], input[type=number]")) {
        applyFilters(readForm());
      }
    });
    let typingTimer = 0;
    form.addEventListener("input", (event) => {
      if (!event.target.matches("input[type=search], input[type=text]")) return;
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => applyFilters(readForm()), 450);
    });
    form.addEventListener("reset", (event) => {
      event.preventDefault();
      applyFilters({});
    });
    const toggle = $("#toggle-filters");
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      document.body.classList.toggle("filters-closed", !open);
      window.setTimeout(() => {
        state.map.invalidateSize();
        drawTimeline();
      }, 220);
    });
    if (window.matchMedia("(max-width: 900px)").matches) {
      toggle.setAttribute("aria-expanded", "false");
      document.body.classList.add("filters-closed");
    }
    $("#clear-dates").addEventListener("click", () => {
      const filters = { ...state.filters };
      delete filters.since;
      delete filters.until;
      applyFilters(filters);
    });
  }

  /* ---------- loading events ---------- */

  async function refresh() {
    const generation = ++state.generation;
    const current = () => generation === state.generation;
    const filters = { ...state.filters };
    const withoutDates = { ...filters };
    delete withoutDates.since;
    delete withoutDates.until;
    showStatus("Loading events…");
    document.body.dataset.loading = "true";
    try {
      const [page, collection, timeline] = await Promise.all([
        fetchJson("api/events" + queryString(filters, { limit: LIST_LIMIT, offset: 0 })),
        fetchJson("api/events.geojson" + queryString(filters, { limit: MAX_MARKERS })),
        fetchJson("api/timeline" + queryString(withoutDates)),
      ]);
      if (!current()) return;
      showStatus(plural(page.total, "event"), page.total);
      showResults(page);
      showMarkers(collection);
      state.timeline = timeline;
      drawTimeline();
    } catch (error) {
      if (!current()) return;
      showStatus(
        error.status === 400 || error.status === 422 ? "The filters were not understood; check the values." : "Could not load events.",
      );
      console.warn("incidex:", error);
    } finally {
      if (current()) document.body.dataset.loading = "false";
    }
  }

  function describeEvent(event) {
    const place = [event.location, event.country].filter(Boolean).join(", ");
    const type = event.sub_event_type || event.event_type || "Event";
    return `${event.event_date || "undated"} · ${type}${place ? " · " + place : ""}`;
  }

  function showResults(page) {
    const list = $("#result-list");
    list.replaceChildren();
    for (const event of page.events || []) {
      const swatch = element("span", { className: "swatch", attrs: { "aria-hidden": "true" } });
      swatch.style.background = colourOf(event.event_type);
      const deaths = Number(event.fatalities) || 0;
      const link = element("a", { className: "result-link", attrs: { href: eventHref(event.event_id) } }, [
        element("span", { className: "result-title" }, [
          swatch,
          element("span", { text: event.sub_event_type || event.event_type || "Event" }),
        ]),
        element("span", {
          className: "result-meta",
          text: [event.event_date, [event.location, event.country].filter(Boolean).join(", ")]
            .filter(Boolean)
            .join(" · "),
        }),
        deaths
          ? element("span", { className: "result-deaths", text: plural(deaths, "death") })
          : null,
      ]);
      list.append(element("li", { attrs: { "data-event-id": event.event_id } }, [link]));
    }
    const shown = (page.events || []).length;
    $("#result-more").textContent =
      page.total > shown ? `Showing the first ${shown} of ${page.total.toLocaleString("en")}; narrow the filters to see others.` : "";
    if (!shown) $("#result-more").textContent = "No events match these filters.";
  }

  function eventHref(eventId) {
    return "#/event/" + encodeURIComponent(eventId);
  }

  /* ---------- timeline ---------- */

  const DAY_MS = 86400000;

  function dayNumber(isoDate) {
    const [y, m, d] = isoDate.split("-").map(Number);
    return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
  }

  function isoOf(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function svgNode(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }

  function drawTimeline() {
    const svg = $("#timeline");
    const width = Math.max(200, Math.round(svg.clientWidth || 600));
    const height = Math.max(60, Math.round(svg.clientHeight || 90));
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.replaceChildren();
    const days = (state.timeline || []).filter((row) => /^\d{4}-\d{2}-\d{2}$/.test(row.date));
    updateRangeLabel();
    if (!days.length) {
      state.scale = null;
      const note = svgNode("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "axis" });
      note.textContent = "No dated events";
      svg.append(note);
      return;
    }
    const numbers = days.map((row) => dayNumber(row.date));
    let first = Math.min(...numbers);
    let last = Math.max(...numbers);
    if (last - first < 6) {
      first -= 3;
      last += 3;
    }
    const pad = { left: 8, right: 8, top: 6, bottom: 18 };
    const innerWidth = width - pad.left - pad.right;
    const innerHeight = height - pad.top - pad.bottom;
    const span = last - first + 1;
    const binDays = Math.max(1, Math.ceil(span / Math.max(1, Math.floor(innerWidth / 4))));
    const binCount = Math.ceil(span / binDays);
    const bins = Array.from({ length: binCount }, () => ({ count: 0, fatalities: 0 }));
    days.forEach((row, index) => {
      const bin = bins[Math.floor((numbers[index] - first) / binDays)];
      bin.count += Number(row.count) || 0;
      bin.fatalities += Number(row.fatalities) || 0;
    });
    const peak = Math.max(1, ...bins.map((bin) => bin.count));
    const dayWidth = innerWidth / span;
    state.scale = { first, last, span, binDays, left: pad.left, innerWidth, width };

    const bars = svgNode("g", { class: "bars" });
    bins.forEach((bin, index) => {
      if (!bin.count) return;
      const barHeight = Math.max(2, (bin.count / peak) * innerHeight);
      const start = first + index * binDays;
      const slot = binDays * dayWidth;
      const barWidth = Math.min(24, Math.max(3, slot - 1));
      const rect = svgNode("rect", {
        x: pad.left + index * slot + (slot - barWidth) / 2,
        y: pad.top + innerHeight - barHeight,
        width: barWidth,
        height: barHeight,
        class: "bar",
      });
      const title = svgNode("title");
      const end = Math.min(last, start + binDays - 1);
      title.textContent = `${isoOf(start)}${end > start ? " to " + isoOf(end) : ""}: ${plural(bin.count, "event")}, ${plural(bin.fatalities, "death")}`;
      rect.append(title);
      bars.append(rect);
    });
    svg.append(bars);
    svg.append(svgNode("line", { x1: pad.left, x2: width - pad.right, y1: pad.top + innerHeight, y2: pad.top + innerHeight, class: "baseline" }));
    for (const [day, anchor, x] of [
      [first, "start", pad.left],
      [last, "end", width - pad.right],
    ]) {
      const label = svgNode("text", { x, y: height - 4, "text-anchor": anchor, class: "axis" });
      label.textContent = isoOf(day);
      svg.append(label);
    }
    const selection = svgNode("rect", { class: "selection", y: pad.top, height: innerHeight, x: 0, width: 0 });
    svg.append(selection);
    showSelection(state.filters.since, state.filters.until);
  }

  function dayToX(day) {
    const s = state.scale;
    return s.left + ((day - s.first) / s.span) * s.innerWidth;
  }

  function xToDay(x) {
    const s = state.scale;
    const day = s.first + Math.floor(((x - s.left) / s.innerWidth) * s.span);
    return Math.min(s.last, Math.max(s.first, day));
  }

  function showSelection(since, until) {
    const rect = $("#timeline .selection");
    if (!rect || !state.scale) return;
    if (!since && !until) {
      rect.setAttribute("width", "0");
      return;
    }
    const s = state.scale;
    const from = since ? Math.max(s.first, dayNumber(since)) : s.first;
    const to = until ? Math.min(s.last, dayNumber(until)) : s.last;
    if (to < from) {
      rect.setAttribute("width", "0");
      return;
    }
    rect.setAttribute("x", String(dayToX(from)));
    rect.setAttribute("width", String(Math.max(2, dayToX(to + 1) - dayToX(from))));
  }

  function updateRangeLabel() {
    const { since, until } = state.filters;
    $("#timeline-range").textContent =
      since || until ? `Showing ${since || "the start"} to ${until || "the end"}` : "All dates";
    $("#clear-dates").hidden = !(since || until);
  }

  function bindTimeline() {
    const svg = $("#timeline");
    let anchorDay = null;
    const pointerDay = (event) => {
      const box = svg.getBoundingClientRect();
      return xToDay(((event.clientX - box.left) / box.width) * state.scale.width);
    };
    svg.addEventListener("pointerdown", (event) => {
      if (!state.scale || event.button !== 0) return;
      anchorDay = pointerDay(event);
      svg.setPointerCapture(event.pointerId);
      showSelection(isoOf(anchorDay), isoOf(anchorDay));
    });
    svg.addEventListener("pointermove", (event) => {
      if (anchorDay === null) return;
      const day = pointerDay(event);
      showSelection(isoOf(Math.min(anchorDay, day)), isoOf(Math.max(anchorDay, day)));
    });
    svg.addEventListener("pointerup", (event) => {
      if (anchorDay === null) return;
      const day = pointerDay(event);
      let from = Math.min(anchorDay, day);
      let to = Math.max(anchorDay, day);
      anchorDay = null;
      if (from === to) {
        // A click picks the whole bar under the pointer.
        const s = state.scale;
        from = s.first + Math.floor((from - s.first) / s.binDays) * s.binDays;
        to = Math.min(s.last, from + s.binDays - 1);
      }
      applyFilters({ ...state.filters, since: isoOf(from), until: isoOf(to) });
    });
    svg.addEventListener("pointercancel", () => {
      anchorDay = null;
      showSelection(state.filters.since, state.filters.until);
    });
    let resizeTimer = 0;
    window.addEventListener("resize", () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(drawTimeline, 150);
    });
  }

  /* ---------- one event and its reports ---------- */

  function openEvent(eventId) {
    const hash = eventHref(eventId);
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  }

  function route() {
    const match = /^#\/event\/(.+)$/.exec(window.location.hash);
    if (match) {
      let eventId;
      try {
        eventId = decodeURIComponent(match[1]);
      } catch (error) {
        eventId = match[1];
      }
      showEvent(eventId);
    } else {
      closeEvent();
    }
  }

  function closeEvent() {
    const wasOpen = state.openEventId !== null;
    state.openEventId = null;
    document.body.classList.remove("event-open");
    $("#event-panel").hidden = true;
    $("#event-panel").replaceChildren();
    $("#results").hidden = false;
    document.title = "incidex · map of events";
    if (wasOpen) $("#results").focus({ preventScroll: true });
  }

  async function showEvent(eventId) {
    state.openEventId = eventId;
    const panel = $("#event-panel");
    document.body.classList.add("event-open");
    $("#results").hidden = true;
    panel.hidden = false;
    panel.replaceChildren(backLink(), element("p", { className: "hint", text: "Loading event…" }));
    let detail;
    try {
      detail = await fetchJson("api/events/" + encodeURIComponent(eventId));
    } catch (error) {
      if (state.openEventId !== eventId) return;
      panel.replaceChildren(
        backLink(),
        element("p", { className: "error", text: error.status === 404 ? "No event has this id." : "Could not load the event." }),
      );
      return;
    }
    if (state.openEventId !== eventId) return;
    renderEvent(panel, detail);
    panel.focus({ preventScroll: true });
    window.setTimeout(() => {
      state.map.invalidateSize();
      revealOpenEvent();
    }, 220);
  }

  function backLink() {
    return element("a", { className: "back-link", text: "← All events", attrs: { href: "#/" } });
  }

  function renderEvent(panel, detail) {
    const event = detail.event || {};
    const reports = detail.reports || [];
    document.title = `${describeEvent(event)} · incidex`;
    const views = reports.map((entry) => reportView(entry, event, reports.length));
    const evidenceFields = new Set();
    for (const view of views) for (const field of view.spansByField.keys()) evidenceFields.add(field);

    const swatch = element("span", { className: "swatch", attrs: { "aria-hidden": "true" } });
    swatch.style.background = colourOf(event.event_type);
    const heading = element("h2", { className: "event-title" }, [
      swatch,
      element("span", { text: event.sub_event_type || event.event_type || "Event" }),
    ]);
    const subtitle = element("p", {
      className: "event-subtitle",
      text: [event.event_date, [event.location, event.admin1, event.country].filter(Boolean).join(", ")]
        .filter(Boolean)
        .join(" · "),
    });
    const badges = element("p", { className: "badges" }, [
      event.grade ? element("span", { className: "badge", text: `Grade: ${event.grade}` }) : null,
      event.attribution ? element("span", { className: "badge", text: `Attribution: ${event.attribution}` }) : null,
      event.contested ? element("span", { className: "badge warn", text: "Contested" }) : null,
    ]);
    const hint = evidenceFields.size
      ? element("p", {
          className: "hint",
          text: "Point at or tab to a field with a dotted underline to highlight the words in the report that support it.",
        })
      : null;
    const fields = fieldList(event, evidenceFields, views);
    const reportSection = element("section", { className: "reports", attrs: { "aria-label": "Reports" } }, [
      element("h3", { className: "section-title", text: reports.length === 1 ? "Report" : `${reports.length} reports` }),
      ...views.map((view) => view.node),
    ]);
    const body = element("div", { className: "event-body" }, [
      element("div", { className: "event-fields" }, [hint, fields]),
      reportSection,
    ]);
    panel.replaceChildren(backLink(), heading, subtitle, badges, body);
    views.forEach((view) => view.render(null));
  }

  function fieldValue(event, key) {
    if (key === "coordinates") {
      if (event.latitude === null || event.latitude === undefined) return null;
      return `${Number(event.latitude).toFixed(4)}, ${Number(event.longitude).toFixed(4)}`;
    }
    const value = event[key];
    if (key === "fatalities" && value !== null && value !== undefined) {
      const low = event.fatalities_low;
      const high = event.fatalities_high;
      if (low !== null && high !== null && low !== undefined && (low !== value || high !== value)) {
        return `${value} (between ${low} and ${high ?? "?"})`;
      }
    }
    if (Array.isArray(value)) return value.length ? value.join("; ") : null;
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (value === null || value === undefined || value === "") return null;
    return String(value);
  }

  function fieldList(event, evidenceFields, views) {
    const list = element("dl", { className: "fields" });
    const known = new Set(FIELD_LABELS.map(([key]) => key));
    const rows = [...FIELD_LABELS];
    for (const field of evidenceFields) if (!known.has(field)) rows.push([field, field]);
    for (const [key, label] of rows) {
      const value = fieldValue(event, key);
      const evidenceKeys = key === "coordinates" ? [] : [key];
      const hasEvidence = evidenceKeys.some((field) => evidenceFields.has(field));
      if (value === null && !hasEvidence) continue;
      const row = element("div", { className: "field-entry", attrs: { "data-field": key } }, [
        element("dt", { text: label }),
        element("dd", { className: value === null ? "unknown" : "", text: value === null ? "unknown" : value }),
      ]);
      if (hasEvidence) {
        row.classList.add("has-evidence");
        row.tabIndex = 0;
        row.title = "Highlight the supporting words in the report";
        const on = () => highlightField(list, views, key, row);
        const off = () => highlightField(list, views, null, null);
        row.addEventListener("mouseenter", on);
        row.addEventListener("focus", on);
        row.addEventListener("mouseleave", off);
        row.addEventListener("blur", off);
      }
      list.append(row);
    }
    return list;
  }

  function highlightField(list, views, field, row) {
    for (const other of list.querySelectorAll(".field-entry.active")) other.classList.remove("active");
    if (row) row.classList.add("active");
    let firstMark = null;
    for (const view of views) {
      view.render(field);
      firstMark = firstMark || view.node.querySelector("mark");
    }
    if (firstMark && row && document.activeElement === row) firstMark.scrollIntoView({ block: "nearest" });
  }

  function reportView(entry, mergedEvent, reportCount) {
    const report = entry.report || {};
    const text = typeof report.text === "string" ? report.text : "";
    const units = utf16Units(text);
    const spansByField = new Map();
    const codings = entry.events && entry.events.length ? entry.events : reportCount === 1 ? [mergedEvent] : [];
    for (const coding of codings) {
      for (const [field, spans] of Object.entries((coding && coding.evidence) || {})) {
        if (!Array.isArray(spans)) continue;
        const list = spansByField.get(field) || [];
        for (const span of spans) {
          const start = toUnits(units, Number(span.start));
          const end = toUnits(units, Number(span.end));
          if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= text.length) {
            list.push({ start, end });
          }
        }
        if (list.length) spansByField.set(field, list);
      }
    }
    const body = element("div", { className: "report-text", attrs: { lang: "en" } });
    const meta = [];
    if (report.outlet) meta.push(element("span", { text: report.outlet }));
    if (report.published) meta.push(element("span", { text: report.published }));
    let source = null;
    if (isWebUrl(report.url)) {
      source = element("a", {
        text: "Open the original",
        attrs: { href: report.url.trim(), rel: "noopener noreferrer nofollow", target: "_blank" },
      });
    } else if (report.url) {
      source = element("span", { className: "url-text", text: `Address (not a web link): ${report.url}` });
    }
    const node = element("article", { className: "report", attrs: { "data-report-id": report.report_id || "" } }, [
      element("h4", { className: "report-title", text: report.title || "Untitled report" }),
      element("p", { className: "report-meta" }, [...meta, source]),
      body,
    ]);
    return {
      node,
      spansByField,
      render(field) {
        if (field && spansByField.has(field)) renderMarks(body, text, spansByField.get(field));
        else renderUnderlines(body, text, spansByField);
      },
    };
  }

  // Python counts characters in code points, JavaScript strings in UTF-16 units:
  // text with characters outside the Basic Multilingual Plane needs a table.
  function utf16Units(text) {
    if (!/[\uD800-\uDBFF]/.test(text)) return null;
    const table = [];
    let unit = 0;
    for (const character of text) {
      table.push(unit);
      unit += character.length;
    }
    table.push(unit);
    return table;
  }

  function toUnits(table, codePoint) {
    if (!table) return codePoint;
    return codePoint >= 0 && codePoint < table.length ? table[codePoint] : NaN;
  }

  function renderMarks(container, text, spans) {
    const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
    const merged = [];
    for (const span of sorted) {
      const last = merged[merged.length - 1];
      if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
      else merged.push({ ...span });
    }
    const parts = [];
    let cursor = 0;
    for (const span of merged) {
      if (span.start > cursor) parts.push(document.createTextNode(text.slice(cursor, span.start)));
      parts.push(element("mark", { text: text.slice(span.start, span.end) }));
      cursor = span.end;
    }
    if (cursor < text.length) parts.push(document.createTextNode(text.slice(cursor)));
    container.replaceChildren(...parts);
  }

  function renderUnderlines(container, text, spansByField) {
    const edges = new Set([0, text.length]);
    for (const spans of spansByField.values()) {
      for (const span of spans) {
        edges.add(span.start);
        edges.add(span.end);
      }
    }
    const cuts = [...edges].sort((a, b) => a - b);
    const parts = [];
    for (let i = 0; i + 1 < cuts.length; i += 1) {
      const [start, end] = [cuts[i], cuts[i + 1]];
      const fields = [];
      for (const [field, spans] of spansByField) {
        if (spans.some((span) => span.start <= start && span.end >= end)) fields.push(field);
      }
      const piece = text.slice(start, end);
      if (fields.length) {
        parts.push(element("span", { className: "evidence", text: piece, attrs: { title: `Supports: ${fields.join(", ")}` } }));
      } else {
        parts.push(document.createTextNode(piece));
      }
    }
    container.replaceChildren(...parts);
  }

  /* ---------- start ---------- */

  function start() {
    readUrlState();
    syncFormFromState();
    createMap();
    bindFilterForm();
    bindTimeline();
    window.addEventListener("hashchange", route);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && state.openEventId) window.location.hash = "#/";
    });
    loadFacets();
    refresh();
    route();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
