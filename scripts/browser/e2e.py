#!/usr/bin/env python3
"""The web interface in a real browser: headless Chromium driven by Selenium, axe-core on every page.

A citizen files online with documents, a receptionist receives it, a specialist asks for a supplement,
the citizen supplies it online, the dossier is decided, resolved and returned, the citizen rates it,
and the dashboard counts it. Also: a failed sign-in, a forbidden page, a look-up with a wrong secret.
Screenshots of the key pages at phone and desktop widths go to OUT.

    e2e.py BASE_URL OUT_DIR
"""
import json
import pathlib
import sys

import axe_selenium_python
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1].rstrip("/")
OUT = pathlib.Path(sys.argv[2])
OUT.mkdir(parents=True, exist_ok=True)
PASSWORD = "Demo-MotCua-2026!"
AXE = (pathlib.Path(axe_selenium_python.__file__).parent / "node_modules" / "axe-core" / "axe.min.js").read_text()
PDF = OUT / "giay-to.pdf"
PDF.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

failures = []
audited = set()


def check(name, ok, detail=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok or not detail else f" — {detail}"), flush=True)
    if not ok:
        failures.append(name)
    return ok


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=vi"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def visit(driver, name, shots=False):
    """Checks the page once per name: axe (no serious or critical violation), weight, language; screenshots."""
    if name in audited:
        return
    audited.add(name)
    driver.execute_script(AXE)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done({violations: r.violations.map(v => "
        "({id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, targets: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))})).catch(e => done({error: String(e)}));"
    )
    bad = [v for v in result.get("violations", []) if v["impact"] in ("serious", "critical")]
    detail = "; ".join(f"{v['id']} ({v['impact']}, {v['nodes']} nodes: {', '.join(v['targets'])}): {v['help']}" for v in bad) or result.get("error", "")
    check(f"axe: no serious or critical violation on {name}", not bad and "error" not in result, detail)
    weight = driver.execute_script(
        "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
        ".reduce((sum, e) => sum + (e.decodedBodySize || 0), 0);"
    )
    check(f"{name} weighs under 100 KB with its assets ({weight} bytes)", 0 < weight < 100_000, str(weight))
    check(f"{name} is in Vietnamese (lang=vi)", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi")
    if shots:
        for width, label in ((360, "phone"), (1280, "desktop")):
            driver.set_window_size(width, 900)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, max(600, min(height, 5000)))
            driver.save_screenshot(str(OUT / f"{name}-{label}.png"))
        driver.set_window_size(1280, 900)


def loads(driver, element):
    """Clicks and waits until the next page has replaced this one."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()

    def replaced(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            # Chromium sometimes reports a node of the document being replaced this way, not as stale.
            if "does not belong to the document" in str(error):
                return True
            raise

    WebDriverWait(driver, 15).until(replaced)


def submit_form(driver, form_selector):
    loads(driver, driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]"))


def sign_in(driver, username, password=PASSWORD):
    driver.delete_all_cookies()
    driver.get(BASE + "/can-bo/dang-nhap")
    visit(driver, "dang-nhap", shots=True)
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    submit_form(driver, "main form")


def act(driver, code, command, fill=None):
    driver.get(f"{BASE}/can-bo/ho-so/{code}")
    visit(driver, f"ho-so-{command}")
    try:
        form = driver.find_element(By.CSS_SELECTOR, f'form[aria-labelledby="lenh-{command}"]')
    except NoSuchElementException:
        check(f"the dossier page offers “{command}”", False, "no such form")
        return
    if fill:
        fill(form)
    loads(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check(f"{command} done", "Đã thực hiện" in text(driver), text(driver)[:300])


def lookup(driver, code, secret):
    driver.get(BASE + "/tra-cuu")
    driver.find_element(By.ID, "code").send_keys(code)
    driver.find_element(By.ID, "secret").send_keys(secret)
    submit_form(driver, "main form")


citizen, officer = browser(), browser()
try:
    # The citizen finds the procedure and files online with both documents.
    citizen.get(BASE + "/")
    visit(citizen, "trang-chu", shots=True)
    citizen.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    check("the first Tab reaches the skip link", citizen.switch_to.active_element.get_attribute("class") == "skip")
    citizen.find_element(By.ID, "q").send_keys("khai sinh")
    submit_form(citizen, "form[role=search]")
    loads(citizen, citizen.find_element(By.LINK_TEXT, "Đăng ký khai sinh"))
    visit(citizen, "thu-tuc", shots=True)
    check("the procedure page shows documents, time limit and steps",
          all(part in text(citizen) for part in ("Thành phần hồ sơ", "Thời hạn giải quyết", "Các bước thực hiện")))
    loads(citizen, citizen.find_element(By.LINK_TEXT, "Nộp hồ sơ trực tuyến"))
    visit(citizen, "nop-ho-so", shots=True)
    citizen.find_element(By.ID, "name").send_keys("Phạm Thị Dung")
    citizen.find_element(By.ID, "personalID").send_keys("001190012345")
    citizen.find_element(By.ID, "phone").send_keys("0912345678")
    commune = citizen.find_element(By.ID, "communeCode")
    commune.send_keys("ba dinh")
    try:
        WebDriverWait(citizen, 5).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#ds-xa option")) > 0)
        suggested = [o.get_attribute("value") for o in citizen.find_elements(By.CSS_SELECTOR, "#ds-xa option")]
    except Exception:
        suggested = []
    check("typing a commune's name suggests units (progressive script)", "00004" in suggested, str(suggested))
    commune.clear()
    commune.send_keys("00004")
    citizen.find_element(By.ID, "tep-1").send_keys(str(PDF))
    citizen.find_element(By.ID, "tep-2").send_keys(str(PDF))
    citizen.find_element(By.ID, "confirm").click()
    submit_form(citizen, "main form")
    visit(citizen, "da-nop", shots=True)
    secrets = [element.text for element in citizen.find_elements(By.CSS_SELECTOR, "dd.secret")]
    check("the receipt shows the code and the look-up secret", len(secrets) == 2 and all(secrets), str(secrets))
    code, secret = secrets

    # A failed sign-in, then the receptionist receives the dossier and gives it to the specialist.
    sign_in(officer, "demo.receptionist", "mat-khau-sai")
    check("a wrong password is refused with a message", "Tên đăng nhập hoặc mật khẩu không đúng" in text(officer))
    sign_in(officer, "demo.receptionist")
    check("the receptionist lands on the work queue", code in text(officer), text(officer)[:300])
    visit(officer, "hang-doi", shots=True)
    loads(officer, officer.find_element(By.LINK_TEXT, code))
    visit(officer, "ho-so", shots=True)
    check("the applicant's ID number is masked", "001190012345" not in text(officer))
    loads(officer, officer.find_element(By.CSS_SELECTOR, f'form[action="/can-bo/ho-so/{code}/dan-cu"] button'))
    check("without a grant the population register is refused with the reason on the page",
          "Chưa thực hiện được" in text(officer), text(officer)[:300])
    act(officer, code, "receive")

    def choose_specialist(form):
        select = Select(form.find_element(By.TAG_NAME, "select"))
        select.select_by_index([i for i, o in enumerate(select.options) if "specialist" in o.text][0])
    act(officer, code, "assign", choose_specialist)

    # The reception desk: a counter dossier with its checklist, then the printable receipt.
    officer.get(BASE + "/can-bo/tiep-nhan")
    Select(officer.find_element(By.ID, "procedure")).select_by_value("MC-HT-001")
    submit_form(officer, 'form[action="/can-bo/tiep-nhan"][method="get"]')
    visit(officer, "tiep-nhan", shots=True)
    officer.find_element(By.ID, "name").send_keys("Trịnh Văn Quầy")
    submit_form(officer, 'form[action="/can-bo/tiep-nhan"][method="post"]')
    check("the counter dossier is received", "Được tiếp nhận" in text(officer), text(officer)[:300])
    loads(officer, officer.find_element(By.PARTIAL_LINK_TEXT, "In giấy tiếp nhận"))
    check("its receipt prints (A5)", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text(officer).upper(), text(officer)[:200])

    sign_in(officer, "demo.specialist")
    act(officer, code, "requestSupplement",
        lambda form: form.find_element(By.TAG_NAME, "textarea").send_keys("Bản sao giấy chứng nhận kết hôn của cha mẹ"))

    # The citizen sees what is missing and supplies it online.
    lookup(citizen, code, secret)
    visit(citizen, "tra-cuu-bo-sung", shots=True)
    check("the look-up shows the supplement request", "Bản sao giấy chứng nhận kết hôn của cha mẹ" in text(citizen))
    citizen.find_element(By.ID, "bo-sung").send_keys(str(PDF))
    submit_form(citizen, 'form[action="/tra-cuu/bo-sung"]')
    check("the supplement is accepted online", "Đã nộp bổ sung" in text(citizen), text(citizen)[:300])

    # Decided, resolved and returned.
    act(officer, code, "proposeDecision")
    sign_in(officer, "demo.approver")
    act(officer, code, "decide")
    sign_in(officer, "demo.specialist")
    act(officer, code, "resolve")
    sign_in(officer, "demo.receptionist")
    act(officer, code, "returnResult")

    # The citizen sees the result returned and rates it.
    lookup(citizen, code, secret)
    visit(citizen, "tra-cuu-danh-gia", shots=True)
    check("the look-up shows the result returned", "Đã trả kết quả" in text(citizen))
    citizen.find_element(By.CSS_SELECTOR, 'input[name="rating"][value="5"]').click()
    citizen.find_element(By.ID, "comment").send_keys("Cán bộ hướng dẫn tận tình")
    submit_form(citizen, 'form[action="/tra-cuu/danh-gia"]')
    check("the rating is recorded", "Đã ghi nhận đánh giá" in text(citizen))

    # A wrong secret, and a page the account may not see.
    lookup(citizen, code, "SAIMA23456")
    check("a wrong secret is refused with a message", "Mã hồ sơ hoặc mã tra cứu không đúng" in text(citizen))
    visit(citizen, "tra-cuu-sai")
    sign_in(officer, "demo.monitor")
    officer.get(BASE + "/can-bo")
    check("a monitor may not open the work queue", "Không có quyền truy cập" in text(officer), text(officer)[:200])
    visit(officer, "cam")

    # Administration: accounts in scope (one created through the form), the outbox, the catalogue, the calendar.
    sign_in(officer, "demo.sysadmin")
    officer.get(BASE + "/quan-tri/tai-khoan")
    visit(officer, "quan-tri-tai-khoan", shots=True)
    form = officer.find_element(By.CSS_SELECTOR, 'form[aria-labelledby="tao-tai-khoan"]')
    for name, value in (("username", "can.bo.moi"), ("fullName", "Ngô Thị Hằng"), ("password", "Mật-khẩu-Mới-2026!"), ("unitCode", "00004")):
        form.find_element(By.NAME, name).send_keys(value)
    Select(form.find_element(By.NAME, "role")).select_by_value("receptionist")
    loads(officer, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    check("an account is created from the admin page", "Đã tạo tài khoản can.bo.moi" in text(officer), text(officer)[:300])
    for path, name in (("/quan-tri/thu-cho-gui", "quan-tri-thu-cho-gui"), ("/quan-tri/danh-muc", "quan-tri-danh-muc"), ("/quan-tri/lich", "quan-tri-lich")):
        officer.get(BASE + path)
        visit(officer, name)
    check("the calendar page lists the holidays", "Nghỉ lễ, tết" in text(officer))

    # The dashboard counts it.
    citizen.get(BASE + "/theo-doi?scope=commune:00004")
    visit(citizen, "theo-doi-xa", shots=True)
    row = citizen.find_element(By.XPATH, "//tr[th[contains(., 'MC-HT-001')]]")
    cells = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
    # The online dossier (resolved on time) and the counter one (open): 2 received, half online, half resolved.
    check("the dashboard counts both dossiers: 2 received, 50 % online, 50 % resolved, 100 % of the resolved on time",
          cells[:4] == ["2", "50,0%", "50,0%", "100,0%"], str(cells))
    check("the chart has a tooltip per bar", len(citizen.find_elements(By.CSS_SELECTOR, "svg.chart rect title")) >= 1)
    citizen.get(BASE + "/theo-doi")
    visit(citizen, "theo-doi", shots=True)
    # The reform's bookkeeping, from the dashboard: agencies by kind, then another report by its pill.
    loads(citizen, citizen.find_element(By.PARTIAL_LINK_TEXT, "xem số liệu của Toàn quốc"))
    visit(citizen, "theo-doi-to-chuc", shots=True)
    check("the bookkeeping page counts the agencies by kind with a total", "Cơ quan chuyên môn: Toàn quốc" in text(citizen)
          and "Tổng cộng" in text(citizen), text(citizen)[:300])
    loads(citizen, citizen.find_element(By.LINK_TEXT, "Đơn vị sự nghiệp công lập"))
    visit(citizen, "theo-doi-to-chuc-dvsn")
    check("another bookkeeping report is one click away, with its files", "Rà soát" in text(citizen)
          and len(citizen.find_elements(By.CSS_SELECTOR, "a[href*='/api/v1/bookkeeping/export/public-service-units']")) >= 2)
    citizen.get(BASE + "/doi-dia-chi")
    citizen.find_element(By.ID, "dia-chi").send_keys("Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    submit_form(citizen, "main form")
    visit(citizen, "doi-dia-chi", shots=True)
    check("an old address is converted", "Phường Hồng Hà" in text(citizen), text(citizen)[:300])
    citizen.get(BASE + "/khong-co-trang-nay")
    check("an unknown address gives the Vietnamese 404 page", "Không tìm thấy trang" in text(citizen))
    visit(citizen, "404")
finally:
    citizen.quit()
    officer.quit()

print(json.dumps({"failures": failures, "pages": sorted(audited)}, ensure_ascii=False))
sys.exit(1 if failures else 0)
