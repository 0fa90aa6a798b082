"""Demo public pages: six non-confidential demo projects published with plain-language texts in kk, ru and en,
coordinates in Almaty and one photo each (a JPEG drawn with Pillow, stored as a project document of type
photo). Written by the demo officer or manager, approved by `pmo` (four eyes), all through the services.

Called at the end of projects/demo.py `load` (after the plan and registers). Idempotent: a project that already
has a live version is left as it is.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from pmis.accounts.models import User
from projects.models import Document, Project, Publication
from projects.services import publication as services
from projects.services.documents import document_upload
from projects.services.project import project_update_details

PHOTO_TITLE = "Фото для публичной страницы"

# the Kazakh titles the register's demo lacks (a page cannot be submitted without the title in every language)
TITLES_KK = {
    "Модернизация светофорных объектов": "Бағдаршам нысандарын жаңғырту",
    "Обновление троллейбусного парка": "Троллейбус паркін жаңарту",
    "Перевод ТЭЦ-2 на газ": "ЖЭО-2-ні газға көшіру",
    "Озеленение берегов рек": "Өзен жағалауларын көгалдандыру",
    "Благоустройство дворов": "Аулаларды абаттандыру",
    "Инклюзивные остановки": "Инклюзивті аялдамалар",
}

# title_ru → (scene, latitude, longitude, texts)
PAGES: dict[str, tuple[str, str, str, dict[str, str]]] = {
    "Модернизация светофорных объектов": (
        "road",
        "43.238949",
        "76.945465",
        {
            "summary_ru": "Город заменяет старые светофоры на «умные»: они сами подстраивают сигналы под поток "
            "машин и пешеходов. Работы идут на перекрёстках проспектов Абая, Аль-Фараби и Райымбека в 2025–2027 "
            "годах, за счёт местного и республиканского бюджетов.",
            "summary_kk": "Қала ескі бағдаршамдарды «ақылды» бағдаршамдарға ауыстырып жатыр: олар көліктер мен "
            "жаяу жүргіншілер ағынына қарай сигналдарды өздері реттейді. Жұмыстар 2025–2027 жылдары Абай, "
            "Әл-Фараби және Райымбек даңғылдарының қиылыстарында жергілікті және республикалық бюджет есебінен "
            "жүргізіледі.",
            "summary_en": "The city is replacing old traffic lights with adaptive ones that adjust their phases to "
            "the flow of cars and pedestrians. Work runs in 2025–2027 at junctions on Abay, Al-Farabi and Raiymbek "
            "avenues, funded from the local and national budgets.",
            "benefits_ru": "Меньше пробок и ожидания на перекрёстках, безопаснее переходить дорогу: у переходов "
            "появятся звуковые сигналы и таймеры обратного отсчёта.",
            "benefits_kk": "Қиылыстарда кептеліс пен күту азаяды, жолдан өту қауіпсіз болады: жаяу жүргіншілер "
            "өткелдерінде дыбыстық белгілер мен кері санақ таймерлері пайда болады.",
            "benefits_en": "Shorter queues at junctions and safer crossings: pedestrian crossings get sound "
            "signals and countdown timers.",
        },
    ),
    "Обновление троллейбусного парка": (
        "bus",
        "43.256542",
        "76.928482",
        {
            "summary_ru": "Город закупает новые низкопольные троллейбусы с автономным ходом и обновляет депо. "
            "Проект реализуется с участием частного партнёра; первые машины выйдут на маршруты в 2026 году.",
            "summary_kk": "Қала автономды жүрісі бар жаңа аласа еденді троллейбустар сатып алып, депоны жаңартады. "
            "Жоба жеке серіктестің қатысуымен жүзеге асырылады; алғашқы көліктер 2026 жылы бағыттарға шығады.",
            "summary_en": "The city is buying new low-floor trolleybuses that can run off the wires and is "
            "renovating the depot, together with a private partner; the first vehicles enter service in 2026.",
            "benefits_ru": "Тёплые и тихие салоны, удобный вход для колясок и людей с инвалидностью, меньше "
            "выхлопа на улицах.",
            "benefits_kk": "Жылы әрі тыныш салондар, арбалар мен мүмкіндігі шектеулі жандарға ыңғайлы кіру, "
            "көшелерде түтін азаяды.",
            "benefits_en": "Warm, quiet vehicles, step-free boarding for prams and wheelchair users, and less "
            "exhaust on the streets.",
        },
    ),
    "Перевод ТЭЦ-2 на газ": (
        "plant",
        "43.262170",
        "76.843350",
        {
            "summary_ru": "ТЭЦ-2 в Ауэзовском районе переводят с угля на природный газ. Строительство идёт до 2027 "
            "года; это крупнейший в городе проект по очистке воздуха.",
            "summary_kk": "Әуезов ауданындағы ЖЭО-2 көмірден табиғи газға ауыстырылуда. Құрылыс 2027 жылға дейін "
            "жүреді; бұл қаладағы ауаны тазартудың ең ірі жобасы.",
            "summary_en": "Combined heat and power plant No. 2 in Auezov district is being converted from coal to "
            "natural gas. Construction runs until 2027; it is the city's largest clean-air project.",
            "benefits_ru": "Значительно меньше выбросов золы и диоксида серы, чище воздух зимой, особенно в "
            "западной части города.",
            "benefits_kk": "Күл мен күкірт диоксиді шығарындылары айтарлықтай азаяды, қыста, әсіресе қаланың "
            "батыс бөлігінде ауа тазарады.",
            "benefits_en": "Far less ash and sulphur dioxide, and cleaner winter air, especially in the western "
            "part of the city.",
        },
    ),
    "Озеленение берегов рек": (
        "trees",
        "43.229500",
        "76.958900",
        {
            "summary_ru": "Вдоль рек Есентай и Большая Алматинка высаживают деревья и кустарники, укрепляют берега "
            "и прокладывают пешеходные и велосипедные дорожки. Работы идут участками до 2027 года.",
            "summary_kk": "Есентай және Үлкен Алматы өзендерінің бойына ағаштар мен бұталар отырғызылып, "
            "жағалаулар нығайтылып, жаяу жүргіншілер мен велосипед жолдары салынуда. Жұмыстар 2027 жылға дейін "
            "бөлік-бөлікпен жүргізіледі.",
            "summary_en": "Trees and shrubs are being planted along the Yesentai and Bolshaya Almatinka rivers, "
            "the banks reinforced and footpaths and cycle lanes laid, section by section until 2027.",
            "benefits_ru": "Новые места для прогулок у воды, больше тени летом, берега не размывает в паводок.",
            "benefits_kk": "Су жағасында серуендеуге жаңа орындар, жазда көлеңке көбейеді, су тасқынында "
            "жағалаулар шайылмайды.",
            "benefits_en": "New places to walk by the water, more shade in summer, and banks that hold during "
            "floods.",
        },
    ),
    "Благоустройство дворов": (
        "houses",
        "43.214700",
        "76.899800",
        {
            "summary_ru": "Во дворах многоквартирных домов меняют покрытие, освещение, детские и спортивные "
            "площадки. Список дворов составлен по заявкам жителей; работы идут каждый сезон до 2027 года.",
            "summary_kk": "Көппәтерлі үйлердің аулаларында жабын, жарықтандыру, балалар және спорт алаңдары "
            "жаңартылады. Аулалар тізімі тұрғындардың өтініштері бойынша жасалды; жұмыстар 2027 жылға дейін әр "
            "маусымда жүргізіледі.",
            "summary_en": "Courtyards of apartment blocks get new paving, lighting, playgrounds and sports areas. "
            "The list of courtyards follows residents' requests; work is done every season until 2027.",
            "benefits_ru": "Светлые и безопасные дворы, современные площадки для детей рядом с домом, парковка "
            "не занимает газоны.",
            "benefits_kk": "Жарық әрі қауіпсіз аулалар, үй жанында балаларға заманауи алаңдар, көлік тұрағы "
            "көгалдарды алмайды.",
            "benefits_en": "Well-lit, safe courtyards, modern playgrounds near home, and parking kept off the "
            "lawns.",
        },
    ),
    "Инклюзивные остановки": (
        "stop",
        "43.250300",
        "76.915600",
        {
            "summary_ru": "Остановки общественного транспорта переоборудуют для людей с инвалидностью: пандусы, "
            "тактильная плитка, табло с голосовым оповещением. Проект завершается в этом году.",
            "summary_kk": "Қоғамдық көлік аялдамалары мүмкіндігі шектеулі жандарға бейімделуде: пандустар, "
            "тактильді плиталар, дыбыстық хабарламасы бар таблолар. Жоба биыл аяқталады.",
            "summary_en": "Public transport stops are being refitted for people with disabilities: ramps, tactile "
            "paving and displays with voice announcements. The project finishes this year.",
            "benefits_ru": "Людям на колясках, незрячим и пожилым проще и безопаснее пользоваться автобусом.",
            "benefits_kk": "Арбадағы, көзі көрмейтін және егде жастағы адамдарға автобусты пайдалану оңай әрі "
            "қауіпсіз болады.",
            "benefits_en": "Wheelchair users, blind and older residents can take the bus more easily and safely.",
        },
    ),
}


def _scene(kind: str, seed: int) -> bytes:
    """A simple drawn scene (sky, the mountains south of the city, ground and the project's object) as JPEG."""
    from PIL import Image, ImageDraw

    width, height = 800, 500
    image = Image.new("RGB", (width, height), (135, 190, 235))
    draw = ImageDraw.Draw(image)
    for y in range(0, 300):  # sky: lighter towards the horizon
        shade = int(40 * y / 300)
        draw.line([(0, y), (width, y)], fill=(110 + shade, 170 + shade, 230))
    draw.ellipse([620, 40, 700, 120], fill=(255, 214, 90))
    for x0, peak, top in ((-80, 230, 120), (180, 470, 90), (420, 700, 130), (640, 900, 110)):
        draw.polygon([(x0, 300), ((x0 + peak) // 2 + 60, top), (peak + 60, 300)], fill=(95, 110, 130))
        cx = (x0 + peak) // 2 + 60
        draw.polygon([(cx - 30, top + 30), (cx, top), (cx + 30, top + 30)], fill=(245, 245, 250))
    draw.rectangle([0, 300, width, height], fill=(110, 170, 90))
    if kind in ("road", "bus", "stop"):
        draw.rectangle([0, 380, width, 460], fill=(80, 80, 85))
        for x in range(0, width, 80):
            draw.rectangle([x + 10, 417, x + 50, 423], fill=(240, 240, 240))
    if kind == "road":
        draw.rectangle([560, 230, 570, 380], fill=(50, 50, 50))
        draw.rectangle([545, 180, 585, 290], fill=(30, 30, 30))
        for i, color in enumerate(((220, 40, 40), (240, 190, 30), (40, 190, 80))):
            draw.ellipse([553, 186 + i * 34, 577, 210 + i * 34], fill=color)
    elif kind == "bus":
        draw.rounded_rectangle([180, 300, 560, 410], radius=18, fill=(30, 130, 200))
        for x in range(200, 540, 60):
            draw.rectangle([x, 315, x + 45, 350], fill=(210, 235, 250))
        draw.line([(300, 300), (340, 240)], fill=(40, 40, 40), width=4)
        draw.line([(340, 300), (380, 240)], fill=(40, 40, 40), width=4)
        draw.line([(0, 240), (width, 240)], fill=(40, 40, 40), width=2)
        for x in (240, 480):
            draw.ellipse([x - 24, 390, x + 24, 438], fill=(25, 25, 25))
    elif kind == "plant":
        draw.rectangle([200, 220, 500, 380], fill=(170, 160, 150))
        for x in (260, 380):
            draw.rectangle([x, 110, x + 40, 230], fill=(190, 80, 70))
            draw.ellipse([x - 10, 70, x + 50, 110], fill=(235, 235, 240))
        for x in range(220, 480, 50):
            draw.rectangle([x, 260, x + 30, 290], fill=(120, 170, 210))
    elif kind == "trees":
        draw.polygon([(0, 420), (width, 380), (width, 440), (0, 480)], fill=(70, 140, 210))
        for i in range(7):
            x = 60 + i * 110 + (seed * 7 + i * 13) % 30
            draw.rectangle([x - 6, 330, x + 6, 380], fill=(110, 80, 50))
            draw.ellipse([x - 40, 260, x + 40, 345], fill=(40 + i * 8, 130, 60))
    elif kind == "houses":
        for i, x in enumerate((80, 300, 520)):
            draw.rectangle([x, 150, x + 180, 340], fill=(225, 205 - i * 20, 170))
            for row in range(4):
                for col in range(4):
                    draw.rectangle(
                        [x + 15 + col * 42, 165 + row * 42, x + 40 + col * 42, 190 + row * 42],
                        fill=(250, 240, 180),
                    )
        draw.rectangle([340, 380, 460, 470], fill=(230, 120, 60))
        draw.ellipse([370, 400, 430, 460], fill=(250, 220, 80))
    elif kind == "stop":
        draw.rectangle([250, 250, 550, 265], fill=(60, 60, 70))
        draw.rectangle([260, 265, 270, 380], fill=(60, 60, 70))
        draw.rectangle([530, 265, 540, 380], fill=(60, 60, 70))
        draw.rectangle([280, 275, 520, 370], fill=(190, 220, 240))
        draw.polygon([(550, 380), (680, 380), (680, 365)], fill=(150, 150, 150))
        draw.rectangle([300, 372, 500, 380], fill=(240, 200, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _photo(project: Project, author: Any, kind: str, seed: int) -> Document:
    existing = project.documents.filter(doc_type=Document.Type.PHOTO, title=PHOTO_TITLE).first()
    if existing is not None:
        return existing
    upload = SimpleUploadedFile(f"{project.code}-photo.jpg", _scene(kind, seed), content_type="image/jpeg")
    return document_upload(
        project=project, actor=author, uploaded_file=upload, doc_type=Document.Type.PHOTO, title=PHOTO_TITLE
    )


def load(stdout: Any = None) -> None:
    """Publish the demo public pages (see the module's docstring)."""
    users = {u.username: u for u in User.objects.filter(username__in=["officer", "manager", "pmo"])}
    pmo = users.get("pmo")
    if pmo is None:
        return
    published = 0
    for seed, (title_ru, (kind, lat, lon, texts)) in enumerate(PAGES.items()):
        project = Project.objects.filter(title_ru=title_ru, is_confidential=False).first()
        if project is None or project.publications.filter(status=Publication.Status.LIVE).exists():
            continue
        author = (
            users.get("manager") if project.manager_id == users.get("manager", pmo).pk else None
        ) or users.get("officer", pmo)
        fields = []
        if project.latitude is None or project.longitude is None:
            project.latitude, project.longitude = Decimal(lat), Decimal(lon)
            fields += ["latitude", "longitude"]
        if not project.title_kk and title_ru in TITLES_KK:
            project.title_kk = TITLES_KK[title_ru]
            fields.append("title_kk")
        if fields:
            project_update_details(project=project, actor=author, fields=fields)
        photo = _photo(project, author, kind, seed)
        pending = project.publications.filter(status=Publication.Status.SUBMITTED).first()
        if pending is None:
            draft = services.publication_draft(project=project, actor=author)
            services.publication_save(
                draft=draft, actor=author, data={**texts, "photos": [photo], "documents": []}
            )
            pending = services.publication_submit(publication=draft, actor=author)
        services.publication_approve(publication=pending, actor=pmo)
        published += 1
    if stdout is not None:
        stdout.write(f"Public pages: {published} demo projects published.\n")
