"""Uttar Pradesh Police, India: the part of the unit tree around Rampur.

Zone -> range -> district (janpad) -> circle (circle officer) -> thana -> outpost (chowki) -> beat (halka).
Bareilly Zone and Moradabad Range are real; of the range's districts only
Rampur (complete, with its real circles and thanas) and Moradabad (two
circles) are included. The assignment of thanas to circles follows geography
as best known and may differ from the current official order. Coordinates
are approximate. Every name is given in English, Urdu and Hindi.

Below the thana, Rampur's practice has outposts (chowki) and beats (halka), each with its in-charge. The demo
gives them to Kotwali thana only (two outposts, three beats, numbered: the real ones are not published here);
each beat has an area, so a place inside it routes there (shikayat/complaints/routing.py), and the levels are
data like the others (shikayat/jurisdictions/).
"""

LEVELS = [  # (code, en, ur, hi) from the top (depth 0) to the bottom
    ("zone", "Zone", "زون", "ज़ोन"),
    ("range", "Range", "رینج", "परिक्षेत्र"),
    ("district", "District", "ضلع", "जनपद"),
    ("circle", "Circle", "سرکل / حلقہ", "सर्किल / क्षेत्राधिकारी"),
    ("station", "Police Station (Thana)", "تھانہ", "थाना"),
    ("outpost", "Police Outpost (Chowki)", "پولیس چوکی", "पुलिस चौकी"),
    ("beat", "Beat (Halka)", "بیٹ (حلقہ)", "हल्का (बीट)"),
]


def _square(lat: float, lng: float, lat_to: float, lng_to: float) -> list[list[float]]:
    """A beat's area: the ring [[lng, lat], ...] of a rectangle (shikayat/jurisdictions/selectors.py)."""
    return [[lng, lat], [lng_to, lat], [lng_to, lat_to], [lng, lat_to]]


def _beat(code: str, n: int, lat: float, lng: float) -> dict:
    return {"code": code, "en": f"Kotwali Beat {n}", "ur": f"کوتوالی بیٹ {n}", "hi": f"कोतवाली हल्का {n}",
            "lat": round(lat + 0.003, 4), "lng": round(lng + 0.0035, 4), "area": _square(lat, lng, lat + 0.006, lng + 0.007)}


KOTWALI_OUTPOSTS = [
    {"code": "RMP-CTY-KTW-O1", "en": "Kotwali Outpost 1", "ur": "کوتوالی چوکی 1", "hi": "कोतवाली चौकी 1",
     "lat": 28.8030, "lng": 79.0270, "children": [
         _beat("RMP-CTY-KTW-B1", 1, 28.8000, 79.0200),
         _beat("RMP-CTY-KTW-B2", 2, 28.8000, 79.0270),
     ]},
    {"code": "RMP-CTY-KTW-O2", "en": "Kotwali Outpost 2", "ur": "کوتوالی چوکی 2", "hi": "कोतवाली चौकी 2",
     "lat": 28.8090, "lng": 79.0305, "children": [
         _beat("RMP-CTY-KTW-B3", 3, 28.8060, 79.0270),
     ]},
]

TREE = {"code": "UP-BLY-Z", "en": "Bareilly Zone", "ur": "بریلی زون", "hi": "बरेली ज़ोन", "lat": 28.3670, "lng": 79.4304, "children": [
    {"code": "UP-MRD-R", "en": "Moradabad Range", "ur": "مرادآباد رینج", "hi": "मुरादाबाद परिक्षेत्र", "lat": 28.8420, "lng": 78.7800, "children": [
        {"code": "RMP", "en": "Rampur", "ur": "رامپور", "hi": "रामपुर", "lat": 28.8089, "lng": 79.0250, "children": [
            {"code": "RMP-CTY", "en": "City", "ur": "شہر", "hi": "नगर", "lat": 28.8100, "lng": 79.0260, "children": [
                {"code": "RMP-CTY-KTW", "en": "Kotwali", "ur": "کوتوالی", "hi": "कोतवाली", "lat": 28.8040, "lng": 79.0270,
                 "children": KOTWALI_OUTPOSTS},
                {"code": "RMP-CTY-CVL", "en": "Civil Lines", "ur": "سول لائنز", "hi": "सिविल लाइंस", "lat": 28.8170, "lng": 79.0160},
                {"code": "RMP-CTY-GNJ", "en": "Ganj", "ur": "گنج", "hi": "गंज", "lat": 28.8000, "lng": 79.0350},
                {"code": "RMP-CTY-MHL", "en": "Mahila Thana", "ur": "مہیلا تھانہ", "hi": "महिला थाना", "lat": 28.8120, "lng": 79.0220},
            ]},
            {"code": "RMP-BLS", "en": "Bilaspur", "ur": "بلاسپور", "hi": "बिलासपुर", "lat": 28.8880, "lng": 79.2770, "children": [
                {"code": "RMP-BLS-BLS", "en": "Bilaspur", "ur": "بلاسپور", "hi": "बिलासपुर", "lat": 28.8915, "lng": 79.2925},
                {"code": "RMP-BLS-KJR", "en": "Khajuria", "ur": "کھجوریا", "hi": "खजुरिया", "lat": 28.9200, "lng": 79.2000},
            ]},
            {"code": "RMP-MLK", "en": "Milak", "ur": "ملک", "hi": "मिलक", "lat": 28.6110, "lng": 79.1700, "children": [
                {"code": "RMP-MLK-MLK", "en": "Milak", "ur": "ملک", "hi": "मिलक", "lat": 28.6145, "lng": 79.1855},
                {"code": "RMP-MLK-MKK", "en": "Milak Khanam", "ur": "ملک خانم", "hi": "मिलक खानम", "lat": 28.7000, "lng": 79.0900},
                {"code": "RMP-MLK-BHT", "en": "Bhot", "ur": "بھوٹ", "hi": "भोट", "lat": 28.7600, "lng": 79.1200},
            ]},
            {"code": "RMP-SHB", "en": "Shahabad", "ur": "شاہ آباد", "hi": "शाहबाद", "lat": 28.5630, "lng": 79.0200, "children": [
                {"code": "RMP-SHB-SHB", "en": "Shahabad", "ur": "شاہ آباد", "hi": "शाहबाद", "lat": 28.5665, "lng": 79.0354},
                {"code": "RMP-SHB-SFN", "en": "Saifni", "ur": "سیفنی", "hi": "सैफनी", "lat": 28.5000, "lng": 78.9600},
                {"code": "RMP-SHB-PTW", "en": "Patwai", "ur": "پٹوائی", "hi": "पटवाई", "lat": 28.6400, "lng": 78.9400},
            ]},
            {"code": "RMP-SWR", "en": "Swar", "ur": "سوار", "hi": "स्वार", "lat": 29.0270, "lng": 79.0560, "children": [
                {"code": "RMP-SWR-SWR", "en": "Swar", "ur": "سوار", "hi": "स्वार", "lat": 29.0305, "lng": 79.0715},
                {"code": "RMP-SWR-AZN", "en": "Azeem Nagar", "ur": "عظیم نگر", "hi": "अज़ीमनगर", "lat": 28.8850, "lng": 78.9700},
            ]},
            {"code": "RMP-TND", "en": "Tanda", "ur": "ٹانڈہ", "hi": "टांडा", "lat": 28.9740, "lng": 78.9410, "children": [
                {"code": "RMP-TND-TND", "en": "Tanda", "ur": "ٹانڈہ", "hi": "टांडा", "lat": 28.9775, "lng": 78.9565},
                {"code": "RMP-TND-KMR", "en": "Kemri", "ur": "کیمری", "hi": "केमरी", "lat": 28.8400, "lng": 78.8800},
            ]},
        ]},
        {"code": "MRD", "en": "Moradabad", "ur": "مرادآباد", "hi": "मुरादाबाद", "lat": 28.8386, "lng": 78.7733, "children": [
            {"code": "MRD-CVL", "en": "Civil Lines", "ur": "سول لائنز", "hi": "सिविल लाइंस", "lat": 28.8460, "lng": 78.7600, "children": [
                {"code": "MRD-CVL-CVL", "en": "Civil Lines", "ur": "سول لائنز", "hi": "सिविल लाइंस", "lat": 28.8495, "lng": 78.7755},
                {"code": "MRD-CVL-MJH", "en": "Majhola", "ur": "مجھولا", "hi": "मझोला", "lat": 28.8200, "lng": 78.7300},
                {"code": "MRD-CVL-PKB", "en": "Pakbara", "ur": "پاکبڑہ", "hi": "पाकबड़ा", "lat": 28.7900, "lng": 78.7400},
                {"code": "MRD-CVL-MGP", "en": "Mughalpura", "ur": "مغلپورہ", "hi": "मुगलपुरा", "lat": 28.8350, "lng": 78.7850},
            ]},
            {"code": "MRD-KTG", "en": "Katghar", "ur": "کٹگھر", "hi": "कटघर", "lat": 28.8450, "lng": 78.7900, "children": [
                {"code": "MRD-KTG-KTG", "en": "Katghar", "ur": "کٹگھر", "hi": "कटघर", "lat": 28.8485, "lng": 78.8055},
                {"code": "MRD-KTG-KTW", "en": "Kotwali", "ur": "کوتوالی", "hi": "कोतवाली", "lat": 28.8330, "lng": 78.7750},
                {"code": "MRD-KTG-GLS", "en": "Galshaheed", "ur": "گلشہید", "hi": "गलशहीद", "lat": 28.8390, "lng": 78.7830},
                {"code": "MRD-KTG-NGF", "en": "Nagfani", "ur": "ناگ پھنی", "hi": "नागफनी", "lat": 28.8300, "lng": 78.7700},
            ]},
        ]},
    ]},
]}
