package io.atrium.search.relevance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Labelled queries over {@link SampleStore}, English and Chinese: for each, the mini-programs a
 * user who typed it wants (grade 2) or would accept (grade 1). Labels were written from the
 * apps' purpose, before any ranking was looked at, and are not tuned to what an index returns.
 */
public final class Judgments {

    /** A query and its graded mini-programs. */
    public record Judged(String query, Map<String, Integer> grades) {}

    private Judgments() {}

    private static Judged q(String query, String... idsAndGrades) {
        Map<String, Integer> grades = new LinkedHashMap<>();
        for (int i = 0; i < idsAndGrades.length; i += 2) {
            grades.put(idsAndGrades[i], Integer.parseInt(idsAndGrades[i + 1]));
        }
        return new Judged(query, grades);
    }

    public static final List<Judged> QUERIES = List.of(
            // English
            q("weather forecast", "mp-weather", "2"),
            q("rain tomorrow", "mp-weather", "2"),
            q("subway timetable", "mp-metro", "2"),
            q("latte", "mp-coffee", "2"),
            q("green tea", "mp-tea", "2", "mp-coffee", "1"),
            q("oolong", "mp-tea", "2"),
            q("running plan", "mp-fitness", "2"),
            q("dumplings recipe", "mp-recipes", "2"),
            q("hotel reservation", "mp-hotel", "2"),
            q("flight delay", "mp-flights", "2"),
            q("cinema seats", "mp-movies", "2"),
            q("parking fees", "mp-parking", "2"),
            q("credit card bill", "mp-bank", "2"),
            q("car accident claim", "mp-insurance", "2"),
            q("renew books", "mp-library", "2"),
            q("doctor appointment", "mp-hospital", "2"),
            q("dog grooming", "mp-pets", "2"),
            q("roses delivery", "mp-flowers", "2", "mp-grocery", "1"),
            q("unlock bike", "mp-bikes", "2"),
            q("resume interview", "mp-jobs", "2"),
            q("english grammar", "mp-english", "2"),
            q("photo collage", "mp-photo", "2"),
            q("monthly budget", "mp-expenses", "2"),
            q("concert tickets", "mp-events", "2", "mp-music", "2"),
            q("income tax return", "mp-tax", "2"),
            q("maths homework", "mp-kids", "2"),
            q("booking", "mp-hotel", "2", "mp-movies", "1", "mp-carwash", "1", "mp-hospital", "1"),
            // Several good answers: the order among them is what NDCG measures.
            q("tea", "mp-tea", "2", "mp-coffee", "1"),
            q("tickets", "mp-movies", "2", "mp-events", "2", "mp-music", "1"),
            q("delivery", "mp-grocery", "2", "mp-flowers", "2", "mp-cleaning", "1", "mp-pets", "1"),
            q("car", "mp-carwash", "2", "mp-parking", "2", "mp-insurance", "1"),
            q("kids education", "mp-kids", "2", "mp-tax", "1", "mp-events", "1"),
            q("outdoor running", "mp-fitness", "2", "mp-weather", "1"),
            // Chinese
            q("天气预报", "mp-tianqi", "2"),
            q("地铁末班车", "mp-ditie", "2"),
            q("拿铁", "mp-kafei", "2"),
            q("龙井", "mp-chaguan", "2"),
            q("乌龙茶", "mp-chaguan", "2"),
            q("瑜伽", "mp-jianshen", "2"),
            q("红烧肉", "mp-caipu", "2"),
            q("酒店入住", "mp-jiudian", "2"),
            q("航班延误", "mp-hangban", "2"),
            q("电影选座", "mp-dianying", "2"),
            q("停车场", "mp-tingche", "2"),
            q("信用卡", "mp-yinhang", "2"),
            q("理赔", "mp-baoxian", "2"),
            q("续借", "mp-tushuguan", "2"),
            q("挂号", "mp-guahao", "2"),
            q("猫粮", "mp-chongwu", "2"),
            q("玫瑰花束", "mp-xianhua", "2"),
            q("共享单车", "mp-danche", "2"),
            q("简历", "mp-zhaopin", "2"),
            q("英语单词", "mp-yingyu", "2"),
            q("滤镜", "mp-xiutu", "2"),
            q("记账", "mp-jizhang", "2"),
            q("演唱会", "mp-yinyue", "2", "mp-zhanlan", "1"),
            q("个税", "mp-geshui", "2"),
            q("少儿编程", "mp-biancheng", "2"),
            q("洗车", "mp-xiche", "2"),
            q("保洁", "mp-jiazheng", "2"),
            q("茶", "mp-chaguan", "2", "mp-kafei", "1"),
            q("门票", "mp-zhanlan", "2", "mp-yinyue", "1", "mp-dianying", "1"),
            q("送货上门", "mp-shengxian", "2", "mp-xianhua", "1"),
            q("汽车", "mp-xiche", "2", "mp-tingche", "2", "mp-baoxian", "1"),
            q("预约", "mp-guahao", "2", "mp-xiche", "1", "mp-chongwu", "1", "mp-tushuguan", "1"),
            q("跑步", "mp-jianshen", "2", "mp-tianqi", "1"));
}
