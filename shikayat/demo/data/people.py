"""Names and addresses for demo complainants and officers.

Names are (en, ur, hi) tuples; addresses are English fragments. Pakistani
names and addresses are for the Punjab profile, Indian ones (Hindu, Muslim
and Sikh names common in Rampur and western UP) for the Rampur profile.
"""

PK_FIRST_NAMES = [
    # men
    ("Muhammad", "محمد", "मुहम्मद"), ("Ahmed", "احمد", "अहमद"), ("Ali", "علی", "अली"), ("Usman", "عثمان", "उस्मान"),
    ("Bilal", "بلال", "बिलाल"), ("Imran", "عمران", "इमरान"), ("Asif", "آصف", "आसिफ़"), ("Tariq", "طارق", "तारिक़"),
    ("Zahid", "زاہد", "ज़ाहिद"), ("Kashif", "کاشف", "काशिफ़"), ("Naveed", "نوید", "नवीद"), ("Hamza", "حمزہ", "हमज़ा"),
    ("Saad", "سعد", "साद"), ("Waqas", "وقاص", "वक़ास"), ("Shahid", "شاہد", "शाहिद"), ("Rashid", "راشد", "राशिद"),
    ("Farhan", "فرحان", "फ़रहान"), ("Adnan", "عدنان", "अदनान"), ("Javed", "جاوید", "जावेद"), ("Arshad", "ارشد", "अरशद"),
    ("Abdul Rehman", "عبدالرحمٰن", "अब्दुर्रहमान"), ("Ghulam Abbas", "غلام عباس", "ग़ुलाम अब्बास"), ("Nadeem", "ندیم", "नदीम"),
    ("Sajid", "ساجد", "साजिद"), ("Khalid", "خالد", "ख़ालिद"), ("Umar", "عمر", "उमर"), ("Haider", "حیدر", "हैदर"),
    ("Zeeshan", "ذیشان", "ज़ीशान"), ("Faisal", "فیصل", "फ़ैसल"), ("Aamir", "عامر", "आमिर"), ("Shehzad", "شہزاد", "शहज़ाद"),
    ("Mushtaq", "مشتاق", "मुश्ताक़"), ("Iftikhar", "افتخار", "इफ़्तिख़ार"), ("Akram", "اکرم", "अकरम"),
    # women
    ("Fatima", "فاطمہ", "फ़ातिमा"), ("Ayesha", "عائشہ", "आयशा"), ("Zainab", "زینب", "ज़ैनब"), ("Maryam", "مریم", "मरियम"),
    ("Sana", "ثناء", "सना"), ("Rabia", "رابعہ", "राबिया"), ("Nadia", "نادیہ", "नादिया"), ("Samina", "ثمینہ", "समीना"),
    ("Shazia", "شازیہ", "शाज़िया"), ("Kiran", "کرن", "किरन"), ("Hina", "حنا", "हिना"), ("Amna", "آمنہ", "आमना"),
    ("Sadia", "سعدیہ", "सादिया"), ("Nasreen", "نسرین", "नसरीन"), ("Parveen", "پروین", "परवीन"), ("Bushra", "بشریٰ", "बुशरा"),
    ("Saima", "صائمہ", "साइमा"), ("Uzma", "عظمیٰ", "उज़्मा"), ("Iqra", "اقرا", "इक़रा"), ("Mehwish", "مہوش", "महविश"),
    ("Rukhsana", "رخسانہ", "रुख़साना"), ("Tahira", "طاہرہ", "ताहिरा"), ("Asma", "اسماء", "अस्मा"), ("Khadija", "خدیجہ", "ख़दीजा"),
    ("Noreen", "نورین", "नूरीन"), ("Farzana", "فرزانہ", "फ़रज़ाना"),
]

PK_LAST_NAMES = [
    ("Khan", "خان", "ख़ान"), ("Ahmed", "احمد", "अहमद"), ("Butt", "بٹ", "बट"), ("Chaudhry", "چوہدری", "चौधरी"),
    ("Malik", "ملک", "मलिक"), ("Qureshi", "قریشی", "क़ुरैशी"), ("Sheikh", "شیخ", "शेख़"), ("Awan", "اعوان", "अवान"),
    ("Gondal", "گوندل", "गोंदल"), ("Bajwa", "باجوہ", "बाजवा"), ("Cheema", "چیمہ", "चीमा"), ("Rana", "رانا", "राना"),
    ("Iqbal", "اقبال", "इक़बाल"), ("Hussain", "حسین", "हुसैन"), ("Raza", "رضا", "रज़ा"), ("Mughal", "مغل", "मुग़ल"),
    ("Warraich", "وڑائچ", "वड़ाइच"), ("Sandhu", "سندھو", "संधू"), ("Siddiqui", "صدیقی", "सिद्दीक़ी"), ("Bhatti", "بھٹی", "भट्टी"),
    ("Jatt", "جٹ", "जट"), ("Arain", "آرائیں", "आराईं"), ("Gujjar", "گجر", "गुज्जर"), ("Rajput", "راجپوت", "राजपूत"),
    ("Niazi", "نیازی", "नियाज़ी"), ("Khokhar", "کھوکھر", "खोखर"), ("Dogar", "ڈوگر", "डोगर"), ("Tarar", "تارڑ", "तारड़"),
    ("Virk", "ورک", "विर्क"), ("Gillani", "گیلانی", "गीलानी"), ("Shah", "شاہ", "शाह"), ("Bukhari", "بخاری", "बुख़ारी"),
    ("Abbasi", "عباسی", "अब्बासी"), ("Mirza", "مرزا", "मिर्ज़ा"), ("Hashmi", "ہاشمی", "हाशमी"), ("Javed", "جاوید", "जावेद"),
    ("Aslam", "اسلم", "असलम"), ("Masih", "مسیح", "मसीह"), ("Baloch", "بلوچ", "बलोच"), ("Leghari", "لغاری", "लग़ारी"),
]

IN_FIRST_NAMES = [
    # men
    ("Ram", "رام", "राम"), ("Shyam", "شیام", "श्याम"), ("Rajesh", "راجیش", "राजेश"), ("Suresh", "سریش", "सुरेश"),
    ("Mukesh", "مکیش", "मुकेश"), ("Anil", "انل", "अनिल"), ("Vikas", "وکاس", "विकास"), ("Pradeep", "پردیپ", "प्रदीप"),
    ("Sanjay", "سنجے", "संजय"), ("Deepak", "دیپک", "दीपक"), ("Rohit", "روہت", "रोहित"), ("Amit", "امت", "अमित"),
    ("Ramesh", "رمیش", "रमेश"), ("Dinesh", "دنیش", "दिनेश"), ("Manoj", "منوج", "मनोज"), ("Ashok", "اشوک", "अशोक"),
    ("Naresh", "نریش", "नरेश"), ("Vinod", "ونود", "विनोद"), ("Harish", "ہریش", "हरीश"), ("Satish", "ستیش", "सतीश"),
    ("Gaurav", "گورو", "गौरव"), ("Ankit", "انکت", "अंकित"),
    ("Mohammad", "محمد", "मोहम्मद"), ("Arif", "عارف", "आरिफ़"), ("Salman", "سلمان", "सलमान"), ("Nadeem", "ندیم", "नदीम"),
    ("Irfan", "عرفان", "इरफ़ान"), ("Shakir", "شاکر", "शाकिर"), ("Aslam", "اسلم", "असलम"), ("Faisal", "فیصل", "फ़ैसल"),
    ("Zeeshan", "ذیشان", "ज़ीशान"), ("Rizwan", "رضوان", "रिज़वान"), ("Shahnawaz", "شاہنواز", "शाहनवाज़"), ("Imran", "عمران", "इमरान"),
    ("Javed", "جاوید", "जावेद"), ("Tanveer", "تنویر", "तनवीर"), ("Wasim", "وسیم", "वसीम"), ("Sajid", "ساجد", "साजिद"),
    ("Gurpreet", "گرپریت", "गुरप्रीत"), ("Harjinder", "ہرجندر", "हरजिंदर"),
    # women
    ("Sunita", "سنیتا", "सुनीता"), ("Geeta", "گیتا", "गीता"), ("Pooja", "پوجا", "पूजा"), ("Neha", "نیہا", "नेहा"),
    ("Rekha", "ریکھا", "रेखा"), ("Anjali", "انجلی", "अंजलि"), ("Kavita", "کویتا", "कविता"), ("Priya", "پریا", "प्रिया"),
    ("Savita", "سویتا", "सविता"), ("Meena", "مینا", "मीना"), ("Rani", "رانی", "रानी"), ("Poonam", "پونم", "पूनम"),
    ("Shabana", "شبانہ", "शबाना"), ("Rukhsana", "رخسانہ", "रुख़साना"), ("Nazia", "نازیہ", "नाज़िया"), ("Farzana", "فرزانہ", "फ़रज़ाना"),
    ("Nasreen", "نسرین", "नसरीन"), ("Shaheen", "شاہین", "शाहीन"), ("Afreen", "آفرین", "आफ़रीन"), ("Gulnaz", "گلناز", "गुलनाज़"),
    ("Tabassum", "تبسم", "तबस्सुम"), ("Heena", "حنا", "हिना"),
]

IN_LAST_NAMES = [
    ("Sharma", "شرما", "शर्मा"), ("Verma", "ورما", "वर्मा"), ("Gupta", "گپتا", "गुप्ता"), ("Yadav", "یادو", "यादव"),
    ("Singh", "سنگھ", "सिंह"), ("Saxena", "سکسینہ", "सक्सेना"), ("Maurya", "موریہ", "मौर्य"), ("Kashyap", "کشیپ", "कश्यप"),
    ("Khan", "خان", "ख़ान"), ("Ansari", "انصاری", "अंसारी"), ("Qureshi", "قریشی", "क़ुरैशी"), ("Siddiqui", "صدیقی", "सिद्दीक़ी"),
    ("Rastogi", "رستوگی", "रस्तोगी"), ("Pal", "پال", "पाल"), ("Saini", "سینی", "सैनी"), ("Chauhan", "چوہان", "चौहान"),
    ("Lodhi", "لودھی", "लोधी"), ("Malik", "ملک", "मलिक"), ("Mishra", "مشرا", "मिश्रा"), ("Tiwari", "تیواری", "तिवारी"),
    ("Agarwal", "اگروال", "अग्रवाल"), ("Jatav", "جاٹو", "जाटव"), ("Prajapati", "پرجاپتی", "प्रजापति"), ("Rajput", "راجپوت", "राजपूत"),
    ("Thakur", "ٹھاکر", "ठाकुर"), ("Chaudhary", "چودھری", "चौधरी"), ("Kumar", "کمار", "कुमार"), ("Bhardwaj", "بھاردواج", "भारद्वाज"),
    ("Shukla", "شکلا", "शुक्ला"), ("Pathan", "پٹھان", "पठान"), ("Rohilla", "روہیلہ", "रोहिल्ला"), ("Abbasi", "عباسی", "अब्बासी"),
    ("Mansoori", "منصوری", "मंसूरी"), ("Saifi", "سیفی", "सैफ़ी"), ("Alvi", "علوی", "अल्वी"), ("Rizvi", "رضوی", "रिज़वी"),
    ("Naqvi", "نقوی", "नक़वी"), ("Sandhu", "سندھو", "संधू"), ("Gangwar", "گنگوار", "गंगवार"), ("Kushwaha", "کشواہا", "कुशवाहा"),
]

STREETS_PK = [
    "House 12, Street 4, Samanabad, Lahore", "House 45-B, Gulberg III, Lahore", "Flat 3, Block C, Model Town, Lahore",
    "Shop 7, Anarkali Bazaar, Lahore", "House 9, Mohalla Qasimpura, Shahdara, Lahore", "House 210, Johar Town, Lahore",
    "Street 9, Ghulam Muhammad Abad, Faisalabad", "House 88, Peoples Colony No. 1, Faisalabad",
    "Chak 208 RB, near the government school, Faisalabad", "Mohalla Islampura, near Jamia Masjid, Jaranwala",
    "House 5, Block D, Satellite Town, Rawalpindi", "Dhok Kashmirian, Murree Road, Rawalpindi",
    "Street 3, Dhoke Hassu, Rawalpindi", "House 21, Gulgasht Colony, Multan", "Mohalla Shah Rukn-e-Alam, Multan",
    "Near Bilal Chowk, Satellite Town, Gujranwala", "House 17, Model Town, Gujranwala", "Rangpura, near the Eidgah, Sialkot",
    "Street 2, Kashmir Road, Sialkot", "Village Kot Abdul Malik, Sheikhupura Road", "Mohalla Kot Azam Khan, Kasur",
    "House 33, Fareed Town, Sahiwal", "Model Town A, Bahawalpur", "Block B, Satellite Town, Sargodha",
    "Ward 6, Chichawatni", "Chak 84/10-R, Khanewal", "Gulshan-e-Iqbal, Rahim Yar Khan", "Block 17, Dera Ghazi Khan",
    "Street 6, Mohalla Rehmanpura, Okara", "Civil Lines, near the district courts, Jhelum",
    "Village Noor Kot, Shakargarh", "Main Bazaar, Pattoki",
]

STREETS_IN = [
    "Mohalla Ganj, near Jama Masjid, Rampur", "Civil Lines, behind the collectorate, Rampur",
    "Mohalla Gher Meer Baz Khan, Rampur", "Azeem Nagar, near the railway crossing, Rampur", "Jail Road, Kotwali area, Rampur",
    "Near Raza Library, Qila, Rampur", "Nawab Gate, Rampur", "Shahabad Gate, Rampur", "Jwala Nagar, Rampur",
    "Mohalla Topkhana, Rampur", "Ajitpur, Rampur", "Village Kemri, Rampur", "Village Saifni, tehsil Shahabad, Rampur",
    "Village Milak Khanam, Rampur", "Station Road, Tanda, Rampur", "Shahabad bazaar, near the tehsil, Rampur",
    "Village Patwai, Shahabad road, Rampur", "Bhot bazaar, near the police outpost, Rampur", "Main Market, Bilaspur, Rampur",
    "Ward 9, Swar, Rampur", "Station Road, Milak, Rampur", "Civil Lines, Moradabad", "Katghar, near the Ramganga bridge, Moradabad",
    "Majhola, Delhi Road, Moradabad", "Buddhi Vihar, Moradabad", "Lajpat Nagar, Moradabad", "Ramganga Vihar, Moradabad",
    "Pakbara, near the bus stand, Moradabad", "Mughalpura, near Jama Masjid, Moradabad", "Kanth Road, Moradabad",
    "Harthala, Moradabad",
]
