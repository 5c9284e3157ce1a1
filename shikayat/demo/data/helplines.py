"""Helplines for the demo forces: (number, en, ur, hi, description en, ur, hi)."""

PUNJAB = [
    ("15", "Police emergency", "پولیس ایمرجنسی", "पुलिस आपातकाल", "Crime in progress, danger to life",
     "جاری جرم، جان کو خطرہ", "जारी अपराध, जान को खतरा"),
    ("8787", "IG Punjab complaint centre", "آئی جی پنجاب شکایت سینٹر", "आईजी पंजाब शिकायत केंद्र",
     "Complaints about police service and officers", "پولیس سروس اور افسران کے بارے میں شکایات",
     "पुलिस सेवा और अधिकारियों के बारे में शिकायतें"),
    ("0333-1787-1787", "WhatsApp services", "واٹس ایپ سروسز", "व्हाट्सऐप सेवाएँ",
     "Send “Hello” or “Salam” for 15 police services", "15 پولیس خدمات کے لیے “ہیلو” یا “سلام” بھیجیں",
     "15 पुलिस सेवाओं के लिए “हैलो” या “सलाम” भेजें"),
    ("1122", "Rescue 1122", "ریسکیو 1122", "रेस्क्यू 1122", "Ambulance, fire and rescue",
     "ایمبولینس، آگ اور امدادی کارروائی", "एम्बुलेंस, आग और बचाव"),
    ("1043", "Women's helpline", "خواتین ہیلپ لائن", "महिला हेल्पलाइन", "Harassment and violence against women",
     "خواتین کو ہراساں کرنا اور تشدد", "महिलाओं का उत्पीड़न और हिंसा"),
]
RAMPUR = [
    ("112", "Police emergency", "پولیس ایمرجنسی", "पुलिस आपातकाल", "Emergency response (UP 112)",
     "ایمرجنسی رسپانس (یو پی 112)", "आपातकालीन सहायता (यूपी 112)"),
    ("1090", "Women Power Line", "ویمن پاور لائن", "वीमेन पावर लाइन", "Harassment of women and girls",
     "خواتین اور لڑکیوں کو ہراساں کرنا", "महिलाओं और लड़कियों का उत्पीड़न"),
    ("1076", "Chief Minister's helpline", "وزیر اعلیٰ ہیلپ لائن", "मुख्यमंत्री हेल्पलाइन", "Public grievances",
     "عوامی شکایات", "जन शिकायतें"),
    ("1098", "Childline", "چائلڈ لائن", "चाइल्डलाइन", "Children in need of care and protection",
     "دیکھ بھال اور تحفظ کے محتاج بچے", "देखभाल और संरक्षण के ज़रूरतमंद बच्चे"),
]
