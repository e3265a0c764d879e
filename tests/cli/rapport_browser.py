"""The report in a real browser: headless Chromium (Debian's `chromium`)
opens rapport.html, driven over the DevTools protocol by the small
WebSocket client below (standard library only, RFC 6455). It checks that
the page logs no console error, measures every chart label as the browser
draws it and checks that none overlaps another or leaves its chart, that
nothing is wider than an A4 page in print, and prints the page to PDF and
counts its pages. A screenshot and the PDFs are kept in $ARTEFACTS_DIR.

Skips (exit 77) when chromium is not installed: CI installs it
(`apt-get install -y chromium`)."""
import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import main  # noqa: E402

WRITER = os.environ.get("RAPPORT_FIXTURE_WRITER", "rapport_fixture_writer")
ARTEFACTS = os.environ.get("ARTEFACTS_DIR") or tempfile.gettempdir()
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# A4 less the report's @page margins (12 mm each side), in CSS pixels.
A4_TEXT_WIDTH = (210 - 24) / 25.4 * 96


class DevTools:
    """One WebSocket to a page target: send a command, wait for its
    answer, keep the events that arrive meanwhile."""

    def __init__(self, url):
        m = re.match(r"ws://([^/:]+):(\d+)(/.*)", url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), 30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\n"
                           "Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n"
                           % (m.group(3), m.group(1), m.group(2), key)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            head += chunk
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("no WebSocket upgrade: %r" % head)
        self.next_id = 0
        self.events = []

    def _recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            data += chunk
        return data

    def _send_frame(self, opcode, payload):
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x80 | opcode])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def _message(self):
        parts = []
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            payload = self._recv_exact(n)
            opcode = b0 & 0x0F
            if opcode == 9:
                self._send_frame(10, payload)
                continue
            if opcode == 8:
                raise RuntimeError("DevTools closed the WebSocket")
            parts.append(payload)
            if b0 & 0x80:
                return json.loads(b"".join(parts))

    def call(self, method, **params):
        self.next_id += 1
        self._send_frame(1, json.dumps({"id": self.next_id, "method": method,
                                        "params": params}).encode())
        while True:
            msg = self._message()
            if msg.get("id") == self.next_id:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_for(self, method, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self._message())
        raise RuntimeError("no %s within %ss" % (method, timeout))

    def close(self):
        self.sock.close()


# The boxes of every <text> of every chart, as the browser lays them out.
MEASURE = """JSON.stringify([...document.querySelectorAll('svg')].map(svg => {
  const s = svg.getBoundingClientRect();
  return {id: svg.id, box: [s.left, s.top, s.right, s.bottom],
          texts: [...svg.querySelectorAll('text')].map(t => {
            const r = t.getBoundingClientRect();
            return {text: t.textContent, box: [r.left, r.top, r.right, r.bottom]};
          })};
}))"""


class Browser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="inventaire-browser-")
        cls.docs = os.path.join(cls.tmp, "docs")
        os.makedirs(cls.docs)
        subprocess.run([WRITER, cls.docs], check=True)
        profile = os.path.join(cls.tmp, "profile")
        os.makedirs(profile)
        cls.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--user-data-dir=" + profile, "--remote-debugging-port=0",
             "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while time.time() < deadline and not os.path.exists(port_file):
            time.sleep(0.1)
        time.sleep(0.2)
        with open(port_file) as f:
            port = int(f.readline())
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", "/json/list")
        pages = [t for t in json.loads(conn.getresponse().read())
                 if t["type"] == "page"]
        cls.dt = DevTools(pages[0]["webSocketDebuggerUrl"])
        for domain in ("Page", "Runtime", "Log"):
            cls.dt.call(domain + ".enable")
        os.makedirs(ARTEFACTS, exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        cls.dt.close()
        cls.proc.terminate()
        try:
            cls.proc.wait(10)
        except subprocess.TimeoutExpired:
            cls.proc.kill()
            cls.proc.wait()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def open(self, name, width=1000):
        self.dt.call("Emulation.setDeviceMetricsOverride", width=width,
                     height=900, deviceScaleFactor=1, mobile=False)
        self.dt.call("Emulation.setEmulatedMedia", media="screen")
        self.dt.events.clear()
        self.dt.call("Page.navigate", url="file://" + os.path.join(self.docs, name))
        self.dt.wait_for("Page.loadEventFired")

    def evaluate(self, expression):
        return self.dt.call("Runtime.evaluate", expression=expression,
                            returnByValue=True)["result"]["value"]

    def console_errors(self):
        errors = []
        for e in self.dt.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.exceptionThrown":
                errors.append(p)
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                errors.append(p)
            elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
                errors.append(p["entry"])
        return errors

    def assert_labels_apart(self, name):
        charts = json.loads(self.evaluate(MEASURE))
        self.assertTrue(charts, name)
        for chart in charts:
            l, t, r, b = chart["box"]
            boxes = chart["texts"]
            self.assertTrue(boxes, chart["id"])
            for i, x in enumerate(boxes):
                x0, y0, x1, y1 = x["box"]
                self.assertTrue(x1 > x0, (chart["id"], x["text"]))
                self.assertTrue(x0 >= l - 0.5 and x1 <= r + 0.5 and
                                y0 >= t - 0.5 and y1 <= b + 0.5,
                                (name, chart["id"], x["text"], x["box"], chart["box"]))
                for y in boxes[i + 1:]:
                    u0, v0, u1, v1 = y["box"]
                    overlap = min(x1, u1) - max(x0, u0) > 0.5 and \
                        min(y1, v1) - max(y0, v0) > 0.5
                    self.assertFalse(overlap, (name, chart["id"], x, y))

    def pdf(self, name):
        data = base64.b64decode(self.dt.call(
            "Page.printToPDF", preferCSSPageSize=True, printBackground=True)["data"])
        with open(os.path.join(ARTEFACTS, name), "wb") as f:
            f.write(data)
        # Each page object is "/Type /Page" (ISO 32000-1 §7.7.3.3); the
        # page tree's root is "/Type /Pages".
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data))
        return pages, boxes

    def test_the_report_opens_with_no_console_error_and_is_kept_as_a_screenshot(self):
        for name, shot in (("rapport.html", "rapport.png"),
                           ("rapport.en.html", "rapport.en.png")):
            self.open(name)
            self.assertEqual(self.console_errors(), [], name)
            self.assertEqual(self.evaluate("document.documentElement.lang"),
                             "en" if ".en." in name else "fr")
            height = self.evaluate("document.documentElement.scrollHeight")
            png = base64.b64decode(self.dt.call(
                "Page.captureScreenshot", format="png", captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": 1000, "height": height,
                      "scale": 1})["data"])
            self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
            with open(os.path.join(ARTEFACTS, shot), "wb") as f:
                f.write(png)

    def test_no_chart_label_overlaps_another_as_the_browser_draws_them(self):
        for name in ("rapport.html", "rapport.en.html", "rapport-many.html"):
            self.open(name)
            self.assert_labels_apart(name)
            # On a narrow screen the charts shrink with the page.
            self.open(name, width=420)
            self.assert_labels_apart(name)

    def test_it_prints_on_a4_within_the_page_width(self):
        self.open("rapport.html", width=round(A4_TEXT_WIDTH))
        self.dt.call("Emulation.setEmulatedMedia", media="print")
        self.assertLessEqual(
            self.evaluate("document.documentElement.scrollWidth"),
            round(A4_TEXT_WIDTH) + 1)
        pages, boxes = self.pdf("rapport.pdf")
        # A4 is 595 x 842 points.
        self.assertEqual({(round(float(w)), round(float(h))) for w, h in boxes},
                         {(595, 842)})
        self.assertTrue(4 <= pages <= 9, pages)
        self.open("rapport-many.html")
        many, _ = self.pdf("rapport-many.pdf")
        self.assertGreater(many, pages)


if __name__ == "__main__":
    if not CHROMIUM:
        print("chromium is not installed (apt-get install -y chromium): skipped")
        sys.exit(77)
    main()
