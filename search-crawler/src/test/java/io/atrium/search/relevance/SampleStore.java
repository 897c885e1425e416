package io.atrium.search.relevance;

import io.atrium.sdk.AtriumRuntime;
import io.atrium.search.crawler.Crawler;
import io.atrium.search.crawler.TestPackages;
import io.atrium.search.index.PageDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store of 56 generated mini-programs, half English and half Chinese, in pairs on the same
 * theme with shared words across themes (tea in the tea house and the coffee shop, booking in
 * hotels, cinemas and car washes), so ranking has work to do. Each is a real package: an index page
 * listing its items as {@code navigator} links, a detail page whose {@code onLoad} sets the item's
 * text from the query, and an about page. The crawler renders them as it renders a release.
 */
public final class SampleStore {

    public static final String TENANT = "t-relevance";
    public static final String HOST = "ha-relevance";

    /** One mini-program: id, name, description, category, tags, and its items (title and text). */
    public record App(
            String id, String name, String description, String category, List<String> tags, List<String[]> items) {}

    private SampleStore() {}

    private static App app(String id, String name, String description, String category, String tags, String... items) {
        List<String[]> pairs = new ArrayList<>();
        for (int i = 0; i < items.length; i += 2) {
            pairs.add(new String[] {items[i], items[i + 1]});
        }
        return new App(id, name, description, category, List.of(tags.split(",")), pairs);
    }

    public static final List<App> APPS = List.of(
            app(
                    "mp-weather",
                    "Weather Now",
                    "Hourly forecast, rain radar and air quality",
                    "tools",
                    "weather,forecast",
                    "Today's forecast",
                    "Sunny in the morning, light rain after 4 pm, temperature 18 to 25 degrees",
                    "Rain radar",
                    "Rain clouds are moving east; umbrella advised in the evening",
                    "Air quality",
                    "The air quality index is 42, good for outdoor running"),
            app(
                    "mp-tianqi",
                    "天气通",
                    "逐小时天气预报、降雨雷达与空气质量",
                    "tools",
                    "天气,预报",
                    "今日天气预报",
                    "上午晴，午后有小雨，气温18到25度",
                    "降雨雷达",
                    "雨带正向东移动，傍晚出门请带伞",
                    "空气质量",
                    "空气质量指数42，适合户外跑步"),
            app(
                    "mp-metro",
                    "Metro Guide",
                    "Subway lines, stations and first and last trains",
                    "travel",
                    "metro,transport",
                    "Line map",
                    "All twelve subway lines with transfer stations",
                    "Timetable",
                    "First train at 5:30, last train at 23:10 on weekdays",
                    "Fares",
                    "Subway fares start at 3 yuan; a day pass costs 18 yuan"),
            app(
                    "mp-ditie",
                    "地铁助手",
                    "地铁线路、站点查询与首末班车时间",
                    "travel",
                    "地铁,出行",
                    "线路图",
                    "全部十二条地铁线路与换乘站",
                    "首末班车",
                    "工作日首班车5:30，末班车23:10",
                    "票价",
                    "地铁票价3元起，一日票18元"),
            app(
                    "mp-coffee",
                    "Coffee Corner",
                    "Order espresso, latte and tea for pickup",
                    "food",
                    "coffee,drinks",
                    "Espresso",
                    "A double shot of espresso from single-origin beans",
                    "Caffe latte",
                    "Latte with oat milk or whole milk, hot or iced",
                    "Afternoon tea",
                    "Black tea and scones served from 2 pm"),
            app(
                    "mp-kafei",
                    "咖啡时光",
                    "在线点单拿铁、美式咖啡，门店自提",
                    "food",
                    "咖啡,饮品",
                    "美式咖啡",
                    "现磨美式咖啡，单品咖啡豆",
                    "拿铁",
                    "燕麦奶拿铁，可选冰热",
                    "下午茶",
                    "红茶配司康，下午两点开始供应"),
            app(
                    "mp-tea",
                    "Tea House",
                    "Loose-leaf green tea, oolong and pu-erh",
                    "food",
                    "tea,shop",
                    "Longjing green tea",
                    "Dragon Well green tea picked in spring near Hangzhou's West Lake",
                    "Tieguanyin oolong",
                    "Roasted oolong tea from Anxi with an orchid aroma",
                    "Aged pu-erh",
                    "Pu-erh tea cakes aged ten years in Yunnan"),
            app(
                    "mp-chaguan",
                    "茶馆",
                    "龙井、乌龙茶、普洱茶叶在线选购",
                    "food",
                    "茶叶,商城",
                    "西湖龙井",
                    "明前西湖龙井绿茶，产自杭州",
                    "铁观音",
                    "安溪铁观音乌龙茶，兰花香",
                    "普洱茶饼",
                    "云南陈年普洱茶饼，存放十年"),
            app(
                    "mp-fitness",
                    "Fitness Coach",
                    "Workout plans for running, yoga and strength",
                    "health",
                    "fitness,sport",
                    "Running plan",
                    "A ten-week running plan from 5 km to a half marathon",
                    "Morning yoga",
                    "Twenty minutes of yoga to stretch and breathe",
                    "Strength training",
                    "Squats, push-ups and planks three times a week"),
            app(
                    "mp-jianshen",
                    "健身教练",
                    "跑步、瑜伽与力量训练计划",
                    "health",
                    "健身,运动",
                    "跑步计划",
                    "十周跑步计划，从五公里到半程马拉松",
                    "晨间瑜伽",
                    "二十分钟瑜伽拉伸与呼吸练习",
                    "力量训练",
                    "每周三次深蹲、俯卧撑与平板支撑"),
            app(
                    "mp-recipes",
                    "Recipe Box",
                    "Home cooking recipes with step-by-step photos",
                    "food",
                    "recipes,cooking",
                    "Pork dumplings",
                    "Fold pork and cabbage dumplings and boil them for eight minutes",
                    "Beef noodles",
                    "Slow-braised beef noodle soup with star anise",
                    "Fried rice",
                    "Egg fried rice with spring onions in ten minutes"),
            app(
                    "mp-caipu",
                    "家常菜谱",
                    "家常菜做法大全，图文步骤",
                    "food",
                    "菜谱,烹饪",
                    "红烧肉",
                    "五花肉慢炖一小时的红烧肉做法",
                    "猪肉饺子",
                    "猪肉白菜馅饺子，水煮八分钟",
                    "牛肉面",
                    "八角慢炖牛肉面汤"),
            app(
                    "mp-hotel",
                    "Hotel Booking",
                    "Book hotel rooms, check in online and check out fast",
                    "travel",
                    "hotel,booking",
                    "Rooms",
                    "Double rooms, family suites and sea-view rooms",
                    "Online check-in",
                    "Check in online and pick up your room key at the kiosk",
                    "Reservations",
                    "Change or cancel a hotel reservation free of charge until 6 pm"),
            app(
                    "mp-jiudian",
                    "酒店预订",
                    "预订酒店客房，在线入住与快速退房",
                    "travel",
                    "酒店,预订",
                    "客房",
                    "大床房、家庭套房与海景房",
                    "在线入住",
                    "在线办理入住，自助机领取房卡",
                    "订单",
                    "晚六点前可免费修改或取消酒店订单"),
            app(
                    "mp-flights",
                    "Flight Tracker",
                    "Live flight status, gates and delays",
                    "travel",
                    "flights,airport",
                    "Flight status",
                    "Track departures and arrivals with live delay alerts",
                    "Gate changes",
                    "Get notified when your boarding gate changes",
                    "Baggage",
                    "Baggage claim belts and lost luggage help"),
            app(
                    "mp-hangban",
                    "航班动态",
                    "实时航班状态、登机口与延误提醒",
                    "travel",
                    "航班,机场",
                    "航班状态",
                    "实时查询起飞与到达，延误即时提醒",
                    "登机口变更",
                    "登机口变更时第一时间通知",
                    "行李",
                    "行李转盘查询与行李丢失协助"),
            app(
                    "mp-movies",
                    "Movie Tickets",
                    "Cinema showtimes and seat booking",
                    "entertainment",
                    "movies,cinema",
                    "Showtimes",
                    "Tonight's showtimes at cinemas near you",
                    "Choose seats",
                    "Pick your seats and book tickets in two taps",
                    "Snacks",
                    "Popcorn and drinks to collect at the cinema"),
            app(
                    "mp-dianying",
                    "电影票",
                    "影院场次查询与在线选座购票",
                    "entertainment",
                    "电影,影院",
                    "今日场次",
                    "附近影院今晚的放映场次",
                    "在线选座",
                    "两步选座购买电影票",
                    "小食",
                    "影院爆米花与饮料套餐"),
            app(
                    "mp-parking",
                    "Parking Finder",
                    "Free parking spaces and fees nearby",
                    "travel",
                    "parking,car",
                    "Nearby parking",
                    "Parking lots near you with free spaces right now",
                    "Fees",
                    "Parking fees per hour and daily caps",
                    "Pay by phone",
                    "Pay the parking fee without queuing at the exit"),
            app(
                    "mp-tingche",
                    "停车助手",
                    "附近停车场空车位与收费标准",
                    "travel",
                    "停车,汽车",
                    "附近停车场",
                    "实时查看附近停车场空余车位",
                    "收费标准",
                    "按小时停车收费与每日封顶",
                    "手机缴费",
                    "出场无需排队，手机缴纳停车费"),
            app(
                    "mp-bank",
                    "Bank Card Services",
                    "Balance, transfers and credit card bills",
                    "finance",
                    "bank,card",
                    "Account balance",
                    "Check your account balance and recent transactions",
                    "Transfer money",
                    "Transfer money to any bank account in seconds",
                    "Credit card bill",
                    "See and pay your credit card bill"),
            app(
                    "mp-yinhang",
                    "银行服务",
                    "余额查询、转账汇款与信用卡账单",
                    "finance",
                    "银行,银行卡",
                    "余额查询",
                    "查询账户余额与最近交易",
                    "转账汇款",
                    "秒级转账到任意银行账户",
                    "信用卡账单",
                    "查看并还款信用卡账单"),
            app(
                    "mp-insurance",
                    "Insurance Claims",
                    "File a claim, check your policy",
                    "finance",
                    "insurance,claims",
                    "File a claim",
                    "Report a car accident and file an insurance claim with photos",
                    "My policy",
                    "Your insurance policy, coverage and renewal date",
                    "Claim status",
                    "Follow your claim from review to payout"),
            app(
                    "mp-baoxian",
                    "保险理赔",
                    "在线报案理赔，查询保单",
                    "finance",
                    "保险,理赔",
                    "在线报案",
                    "拍照上传，车险事故在线报案理赔",
                    "我的保单",
                    "保单保障范围与续保日期",
                    "理赔进度",
                    "从审核到赔付全程跟踪理赔进度"),
            app(
                    "mp-library",
                    "City Library",
                    "Borrow and renew books, search the catalogue",
                    "education",
                    "library,books",
                    "Catalogue",
                    "Search two million books in the library catalogue",
                    "Renew books",
                    "Renew borrowed books online before they are due",
                    "Reading room",
                    "Reserve a seat in the quiet reading room"),
            app(
                    "mp-tushuguan",
                    "图书馆",
                    "借书续借与馆藏查询",
                    "education",
                    "图书馆,图书",
                    "馆藏查询",
                    "检索两百万册馆藏图书",
                    "在线续借",
                    "到期前在线续借图书",
                    "阅览室",
                    "预约安静的阅览室座位"),
            app(
                    "mp-hospital",
                    "Hospital Appointments",
                    "Book a doctor and see clinic hours",
                    "health",
                    "hospital,doctor",
                    "Book a doctor",
                    "Make an appointment with a specialist doctor",
                    "Clinic hours",
                    "Outpatient clinic hours and departments",
                    "Test results",
                    "Read your blood test results online"),
            app(
                    "mp-guahao",
                    "医院挂号",
                    "预约挂号与门诊时间查询",
                    "health",
                    "医院,挂号",
                    "预约挂号",
                    "预约专家门诊挂号",
                    "门诊时间",
                    "门诊科室与出诊时间",
                    "检查报告",
                    "在线查看血常规检查报告"),
            app(
                    "mp-pets",
                    "Pet Care",
                    "Vets, grooming and pet food",
                    "lifestyle",
                    "pets,dogs",
                    "Dog grooming",
                    "Bath, haircut and nail trim for your dog",
                    "Vet visits",
                    "Book a vet for vaccines and check-ups",
                    "Cat food",
                    "Grain-free cat food delivered monthly"),
            app(
                    "mp-chongwu",
                    "宠物之家",
                    "宠物医院、美容与猫粮狗粮",
                    "lifestyle",
                    "宠物,狗",
                    "狗狗美容",
                    "给狗狗洗澡、剪毛与修指甲",
                    "宠物医院",
                    "预约宠物疫苗与体检",
                    "猫粮",
                    "无谷猫粮每月配送"),
            app(
                    "mp-flowers",
                    "Flower Shop",
                    "Roses and bouquets delivered the same day",
                    "lifestyle",
                    "flowers,gifts",
                    "Red roses",
                    "A bouquet of 99 red roses for anniversaries",
                    "Same-day delivery",
                    "Order before noon for same-day flower delivery",
                    "Potted plants",
                    "Orchids and succulents for the office"),
            app(
                    "mp-xianhua",
                    "鲜花速递",
                    "玫瑰花束同城当日配送",
                    "lifestyle",
                    "鲜花,礼物",
                    "红玫瑰",
                    "99朵红玫瑰花束，纪念日首选",
                    "同城配送",
                    "中午前下单当日送达",
                    "绿植盆栽",
                    "兰花与多肉植物，适合办公室"),
            app(
                    "mp-bikes",
                    "Bike Share",
                    "Unlock a bike with your phone and ride",
                    "travel",
                    "bikes,sharing",
                    "Unlock",
                    "Scan the QR code to unlock a shared bike",
                    "Ride history",
                    "Your rides, distance and cost",
                    "Deposit",
                    "No deposit needed for verified riders"),
            app(
                    "mp-danche",
                    "共享单车",
                    "扫码开锁骑行",
                    "travel",
                    "单车,共享",
                    "扫码开锁",
                    "扫描二维码解锁共享单车",
                    "骑行记录",
                    "骑行距离与费用明细",
                    "免押金",
                    "实名认证用户免押金骑行"),
            app(
                    "mp-jobs",
                    "Job Board",
                    "Find jobs, send your resume, prepare for interviews",
                    "business",
                    "jobs,career",
                    "Job search",
                    "Software engineer, designer and sales jobs near you",
                    "My resume",
                    "Build a resume and apply with one tap",
                    "Interview tips",
                    "How to prepare for a job interview"),
            app(
                    "mp-zhaopin",
                    "招聘求职",
                    "找工作、投简历、面试准备",
                    "business",
                    "招聘,求职",
                    "职位搜索",
                    "附近的软件工程师、设计师与销售职位",
                    "我的简历",
                    "在线制作简历，一键投递",
                    "面试技巧",
                    "如何准备求职面试"),
            app(
                    "mp-english",
                    "English Coach",
                    "Vocabulary, grammar and speaking practice",
                    "education",
                    "english,language",
                    "Vocabulary",
                    "Learn twenty new English words a day",
                    "Grammar lessons",
                    "English grammar lessons from tenses to clauses",
                    "Speaking practice",
                    "Practise speaking with a virtual tutor"),
            app(
                    "mp-yingyu",
                    "英语学习",
                    "背单词、学语法、练口语",
                    "education",
                    "英语,学习",
                    "背单词",
                    "每天学习二十个英语单词",
                    "语法课程",
                    "从时态到从句的英语语法课程",
                    "口语练习",
                    "与虚拟老师练习英语口语"),
            app(
                    "mp-photo",
                    "Photo Studio",
                    "Filters, cropping and collages for your photos",
                    "tools",
                    "photo,camera",
                    "Filters",
                    "Forty film filters for portraits and landscapes",
                    "Crop and rotate",
                    "Crop, rotate and straighten a photo",
                    "Collage",
                    "Put nine photos into one collage"),
            app(
                    "mp-xiutu",
                    "拍照修图",
                    "滤镜、裁剪与拼图",
                    "tools",
                    "修图,相机",
                    "滤镜",
                    "四十款胶片滤镜，人像风景皆宜",
                    "裁剪旋转",
                    "裁剪、旋转与校正照片",
                    "拼图",
                    "九张照片拼成一张"),
            app(
                    "mp-expenses",
                    "Expense Tracker",
                    "Budgets, spending and receipts",
                    "finance",
                    "budget,money",
                    "Monthly budget",
                    "Set a monthly budget and see what is left",
                    "Spending",
                    "Your spending by category this month",
                    "Receipts",
                    "Scan receipts and keep them with each expense"),
            app(
                    "mp-jizhang",
                    "记账本",
                    "预算、支出与账单管理",
                    "finance",
                    "记账,理财",
                    "月度预算",
                    "设置每月预算，查看剩余额度",
                    "支出分类",
                    "本月各类支出统计",
                    "票据",
                    "扫描票据并与每笔支出关联"),
            app(
                    "mp-carwash",
                    "Car Wash",
                    "Book a car wash and waxing",
                    "lifestyle",
                    "car,wash",
                    "Book a wash",
                    "Book a car wash slot at a station near you",
                    "Waxing",
                    "Hand waxing and interior cleaning",
                    "Membership",
                    "Unlimited car washes for a monthly fee"),
            app(
                    "mp-xiche",
                    "洗车服务",
                    "预约洗车与打蜡",
                    "lifestyle",
                    "洗车,汽车",
                    "预约洗车",
                    "预约附近门店洗车时段",
                    "打蜡",
                    "手工打蜡与内饰清洁",
                    "会员",
                    "月卡会员不限次洗车"),
            app(
                    "mp-cleaning",
                    "Home Cleaning",
                    "House cleaning, laundry and nannies",
                    "lifestyle",
                    "cleaning,home",
                    "Deep cleaning",
                    "A four-hour deep cleaning of your home",
                    "Laundry",
                    "Laundry picked up and delivered in 48 hours",
                    "Nannies",
                    "Experienced nannies for babies and toddlers"),
            app(
                    "mp-jiazheng",
                    "家政服务",
                    "保洁、洗衣与保姆",
                    "lifestyle",
                    "家政,保洁",
                    "深度保洁",
                    "四小时全屋深度保洁",
                    "洗衣",
                    "上门取送，48小时洗衣",
                    "保姆",
                    "经验丰富的育儿保姆"),
            app(
                    "mp-music",
                    "Music Player",
                    "Songs, playlists and albums",
                    "entertainment",
                    "music,songs",
                    "Top songs",
                    "This week's top songs and new albums",
                    "My playlists",
                    "Make playlists and listen offline",
                    "Concert tickets",
                    "Concert tickets for artists you follow"),
            app(
                    "mp-yinyue",
                    "音乐播放",
                    "歌曲、歌单与专辑",
                    "entertainment",
                    "音乐,歌曲",
                    "热门歌曲",
                    "本周热门歌曲与新专辑",
                    "我的歌单",
                    "创建歌单，离线收听",
                    "演唱会门票",
                    "关注歌手的演唱会门票"),
            app(
                    "mp-events",
                    "City Events",
                    "Concerts, exhibitions and festivals",
                    "entertainment",
                    "events,tickets",
                    "Exhibitions",
                    "Art exhibitions and museum tickets this month",
                    "Concerts",
                    "Live concerts and music festivals",
                    "Family days",
                    "Weekend events for families with kids"),
            app(
                    "mp-zhanlan",
                    "展览活动",
                    "音乐会、展览与节庆活动",
                    "entertainment",
                    "展览,门票",
                    "艺术展览",
                    "本月艺术展览与博物馆门票",
                    "音乐会",
                    "现场音乐会与音乐节",
                    "亲子活动",
                    "周末亲子活动"),
            app(
                    "mp-grocery",
                    "Fresh Grocery",
                    "Vegetables and fruit delivered to your door",
                    "food",
                    "grocery,delivery",
                    "Vegetables",
                    "Fresh vegetables picked this morning",
                    "Fruit",
                    "Seasonal fruit: strawberries, mangoes and oranges",
                    "Delivery slots",
                    "Home delivery within two hours"),
            app(
                    "mp-shengxian",
                    "生鲜超市",
                    "蔬菜水果送货上门",
                    "food",
                    "生鲜,配送",
                    "新鲜蔬菜",
                    "当天清晨采摘的新鲜蔬菜",
                    "时令水果",
                    "草莓、芒果与橙子",
                    "送货上门",
                    "两小时内送货上门"),
            app(
                    "mp-tax",
                    "Tax Helper",
                    "File your income tax return and deductions",
                    "finance",
                    "tax,income",
                    "Tax return",
                    "File your annual income tax return step by step",
                    "Deductions",
                    "Deductions for rent, children's education and elderly care",
                    "Refund status",
                    "Track your tax refund"),
            app(
                    "mp-geshui",
                    "个税助手",
                    "个人所得税申报与专项附加扣除",
                    "finance",
                    "个税,申报",
                    "年度申报",
                    "个人所得税年度汇算申报",
                    "专项扣除",
                    "住房租金、子女教育与赡养老人专项附加扣除",
                    "退税进度",
                    "查询个税退税进度"),
            app(
                    "mp-kids",
                    "Kids Maths",
                    "Maths games and homework help for children",
                    "education",
                    "kids,maths",
                    "Maths games",
                    "Addition and multiplication games for ages six to ten",
                    "Homework help",
                    "Step-by-step help with maths homework",
                    "Progress report",
                    "A weekly progress report for parents"),
            app(
                    "mp-biancheng",
                    "少儿编程",
                    "少儿编程课与机器人",
                    "education",
                    "编程,少儿",
                    "编程课",
                    "图形化编程课程，适合六到十二岁",
                    "机器人",
                    "动手搭建并编程控制机器人",
                    "学习报告",
                    "家长每周学习报告"));

    /** The app's package: index (items as navigator links to the detail page by index), detail, about. */
    public static Map<String, String> files(App app) {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < app.items().size(); i++) {
            String[] item = app.items().get(i);
            items.append(i == 0 ? "" : ", ")
                    .append("{id: ")
                    .append(i)
                    .append(", title: ")
                    .append(js(item[0]))
                    .append(", text: ")
                    .append(js(item[1]))
                    .append("}");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\": [\"pages/index/index\", \"pages/item/item\", \"pages/about/about\"],"
                        + " \"window\": {\"navigationBarTitleText\": " + json(app.name()) + "}}");
        files.put("app.js", "App({});");
        files.put("pages/index/index.js", "Page({ data: { items: [" + items + "] } });");
        files.put(
                "pages/index/index.fxml",
                "<view><text class=\"title\">" + xml(app.name()) + "</text>"
                        + "<navigator ft:for=\"{{items}}\" ft:key=\"id\" url=\"/pages/item/item?id={{item.id}}\">{{item.title}}</navigator>"
                        + "<navigator url=\"/pages/about/about\">About</navigator></view>");
        files.put(
                "pages/item/item.js",
                "var ITEMS = [" + items + "];\n"
                        + "Page({ data: {}, onLoad(q) { var it = ITEMS[Number(q.id || 0)] || ITEMS[0];"
                        + " this.setData({ title: it.title, text: it.text }); ft.setNavigationBarTitle({ title: it.title }); } });");
        files.put("pages/item/item.fxml", "<view><text class=\"title\">{{title}}</text><text>{{text}}</text></view>");
        files.put("pages/about/about.js", "Page({});");
        files.put(
                "pages/about/about.fxml",
                "<view><text class=\"title\">" + xml(app.name()) + "</text><text>" + xml(app.description())
                        + "</text></view>");
        return files;
    }

    /** Crawls every app with {@code runtime} and answers the page documents, as the indexer writes them. */
    public static List<PageDocument> crawl(Path storage) {
        Crawler crawler =
                new Crawler(AtriumRuntime.builder().storageDir(storage).build(), Crawler.Limits.DEFAULT);
        List<PageDocument> out = new ArrayList<>();
        for (App app : APPS) {
            Crawler.Result result =
                    crawler.crawl(TestPackages.open(app.id(), "1.0.0", files(app)), (done, known, failures) -> {});
            if (!result.failures().isEmpty()) {
                throw new IllegalStateException(app.id() + " did not crawl cleanly: " + result.failures());
            }
            for (Crawler.Page page : result.pages()) {
                out.add(new PageDocument(
                        TENANT,
                        app.id(),
                        app.name(),
                        app.description(),
                        "1.0.0",
                        page.pagePath(),
                        page.query(),
                        page.title(),
                        page.headings(),
                        page.text(),
                        app.category(),
                        app.tags(),
                        Set.of(HOST)));
            }
        }
        return out;
    }

    private static String js(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
