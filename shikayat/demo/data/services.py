"""The citizen services a police service centre offers (Khidmat Markaz style), as data:
(code, name en/ur/hi, fee note en/ur/hi, hours, certificate?, address check?, record check?,
documents [(code, en, ur, hi, required)]).

A lost-document report and an FIR copy are no longer applications waiting for staff: they are given at once by
shikayat/lost (/lost/) and shikayat/firs (/fir-copy/), which the services page links to."""

CNIC = ("cnic", "Copy of CNIC / identity card", "شناختی کارڈ کی نقل", "पहचान पत्र की प्रति", True)
PHOTO = ("photo", "Photograph", "تصویر", "फ़ोटो", True)

SERVICES = [
    ("character-certificate", "Character certificate", "کریکٹر سرٹیفکیٹ", "चरित्र प्रमाण पत्र",
     "Rs 500", "500 روپے", "500 रुपये", 72, True, True, True, [CNIC, PHOTO]),
    ("national-status", "National status verification (overseas)", "قومی حیثیت کی تصدیق (بیرون ملک)",
     "राष्ट्रीय स्थिति सत्यापन (विदेश)", "Rs 1,000", "1,000 روپے", "1,000 रुपये", 120, True, True, True,
     [CNIC, ("passport", "Copy of passport", "پاسپورٹ کی نقل", "पासपोर्ट की प्रति", True)]),
    ("domestic-worker", "Domestic worker verification", "گھریلو ملازم کی تصدیق", "घरेलू कामगार सत्यापन",
     "Free", "مفت", "निःशुल्क", 72, True, True, True,
     [CNIC, PHOTO, ("employer", "Employer's CNIC", "مالک کا شناختی کارڈ", "नियोक्ता का पहचान पत्र", True)]),
    ("tenant-registration", "Tenant registration", "کرایہ دار کا اندراج", "किरायेदार पंजीकरण",
     "Free", "مفت", "निःशुल्क", 48, True, True, False,
     [CNIC, ("agreement", "Rent agreement", "کرایہ نامہ", "किराया अनुबंध", True)]),
    ("vehicle-verification", "Vehicle verification", "گاڑی کی تصدیق", "वाहन सत्यापन",
     "Rs 300", "300 روپے", "300 रुपये", 48, True, False, True,
     [CNIC, ("registration", "Vehicle registration book", "گاڑی کی رجسٹریشن بک", "वाहन पंजीकरण पुस्तिका", True)]),
]
