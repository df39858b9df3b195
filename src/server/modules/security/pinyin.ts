/**
 * The pinyin of people's names, for refusing a password that contains its
 * owner's name ("Zhangwei@2026" for 张伟). A small table, not a dictionary:
 * the ~300 commonest surnames (with their surname readings: 单 shan, 曾 zeng,
 * 解 xie, 仇 qiu, 区 ou, 朴 piao, 查 zha) and ~600 characters common in given
 * names, some with two readings (乐 le/yue, 长 chang/zhang).
 *
 * The limit, as documented: a name with a character outside the table yields
 * no pinyin form, so that check is skipped for it (the username check and the
 * common-password list still apply). Tones and ü (written v: 吕 lv) are ignored.
 */

const SURNAMES = `王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo 何he 高gao 林lin
罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾zeng 肖xiao 田tian 董dong 袁yuan 潘pan 于yu 蒋jiang
蔡cai 余yu 杜du 叶ye 程cheng 苏su 魏wei 吕lv 丁ding 任ren 沈shen 姚yao 卢lu 姜jiang 崔cui 钟zhong 谭tan 陆lu 汪wang 范fan 金jin 石shi
廖liao 贾jia 夏xia 韦wei 付fu 傅fu 方fang 白bai 邹zou 孟meng 熊xiong 秦qin 邱qiu 江jiang 尹yin 薛xue 闫yan 阎yan 段duan 雷lei 侯hou 龙long
史shi 陶tao 黎li 贺he 顾gu 毛mao 郝hao 龚gong 邵shao 万wan 钱qian 严yan 覃qin 武wu 戴dai 莫mo 孔kong 向xiang 汤tang 常chang 温wen
康kang 施shi 文wen 牛niu 樊fan 葛ge 邢xing 安an 齐qi 易yi 乔qiao 伍wu 庞pang 颜yan 倪ni 庄zhuang 聂nie 章zhang 鲁lu 岳yue 翟zhai
殷yin 詹zhan 申shen 欧ou 耿geng 关guan 兰lan 焦jiao 俞yu 左zuo 柳liu 甘gan 祝zhu 包bao 宁ning 尚shang 符fu 舒shu 阮ruan 柯ke 纪ji
梅mei 童tong 凌ling 毕bi 单shan 季ji 裴pei 霍huo 涂tu 成cheng 苗miao 谷gu 盛sheng 曲qu 翁weng 冉ran 骆luo 蓝lan 路lu 游you 辛xin
靳jin 管guan 柴chai 蒙meng 鲍bao 华hua 喻yu 祁qi 蒲pu 房fang 滕teng 屈qu 饶rao 解xie 牟mou 艾ai 尤you 阳yang 时shi 穆mu 农nong
司si 卓zhuo 古gu 吉ji 缪miao 简jian 车che 项xiang 连lian 芦lu 麦mai 褚chu 娄lou 窦dou 戚qi 岑cen 景jing 党dang 宫gong 费fei 卜bu
冷leng 晏yan 席xi 卫wei 米mi 柏bai 宗zong 瞿qu 桂gui 全quan 佟tong 应ying 臧zang 闵min 苟gou 邬wu 边bian 卞bian 姬ji 师shi 和he
仇qiu 栾luan 隋sui 商shang 刁diao 沙sha 荣rong 巫wu 寇kou 桑sang 郎lang 甄zhen 丛cong 仲zhong 虞yu 敖ao 巩gong 明ming 佘she 池chi
查zha 麻ma 苑yuan 迟chi 邝kuang 区ou 朴piao 乐yue 洪hong 伏fu 谈tan 官guan 揭jie 晋jin 楚chu 闻wen 储chu 粟su 琚ju 国guo 练lian`;

/** Two-character surnames: taken before the one-character ones. */
const COMPOUND = `欧阳ouyang 司马sima 诸葛zhuge 上官shangguan 慕容murong 东方dongfang 皇甫huangfu 令狐linghu 尉迟yuchi 公孙gongsun
夏侯xiahou 长孙zhangsun 端木duanmu 宇文yuwen 司徒situ 西门ximen 南宫nangong 独孤dugu 轩辕xuanyuan 呼延huyan`;

const GIVEN = `伟wei 芳fang 娜na 敏min 静jing 丽li 强qiang 磊lei 军jun 洋yang 勇yong 艳yan 杰jie 娟juan 涛tao 明ming 超chao 秀xiu 霞xia
平ping 刚gang 桂gui 英ying 华hua 玉yu 萍ping 红hong 建jian 文wen 辉hui 力li 兰lan 国guo 梅mei 林lin 春chun 海hai 燕yan 雪xue 琳lin
晶jing 婷ting 慧hui 鹏peng 飞fei 斌bin 宇yu 浩hao 凯kai 秋qiu 云yun 丹dan 宁ning 龙long 志zhi 新xin 峰feng 亮liang 成cheng 东dong
俊jun 琴qin 欣xin 晓xiao 佳jia 博bo 彬bin 鑫xin 阳yang 青qing 立li 波bo 虹hong 倩qian 颖ying 帅shuai 莉li 瑞rui 荣rong 健jian
胜sheng 子zi 思si 源yuan 晨chen 轩xuan 然ran 涵han 欢huan 豪hao 昊hao 天tian 一yi 诗shi 雨yu 梓zi 嘉jia 睿rui 泽ze 悦yue 怡yi
家jia 晗han 萱xuan 妍yan 琪qi 彤tong 宸chen 铭ming 航hang 奕yi 辰chen 熙xi 瑶yao 婉wan 淑shu 珍zhen 凤feng 兵bing 光guang 民min
德de 福fu 生sheng 金jin 山shan 永yong 祥xiang 贵gui 宝bao 庆qing 水shui 忠zhong 中zhong 清qing 安an 义yi 喜xi 仁ren 发fa 良liang
正zheng 友you 才cai 进jin 卫wei 利li 学xue 振zhen 鸿hong 远yuan 凡fan 旭xu 伦lun 坤kun 锋feng 毅yi 松song 楠nan 梦meng 冰bing
璐lu 露lu 琦qi 蕾lei 薇wei 蓉rong 芬fen 菲fei 香xiang 月yue 媛yuan 莹ying 姗shan 玲ling 茜qian 佩pei 雅ya 洁jie 晴qing 岚lan 霖lin
鹤he 杨yang 柏bai 森sen 杉shan 桐tong 楷kai 梁liang 栋dong 柱zhu 勤qin 俭jian 智zhi 信xin 诚cheng 恒heng 昌chang 盛sheng 兴xing
旺wang 隆long 茂mao 达da 通tong 顺shun 泰tai 康kang 怀huai 敬jing 尊zun 孝xiao 廷ting 廉lian 翔xiang 腾teng 跃yue 越yue 群qun
众zhong 伯bo 仲zhong 叔shu 季ji 宏hong 弘hong 洪hong 泓hong 江jiang 河he 湖hu 浪lang 潮chao 洲zhou 滨bin 瀚han 润run 澄cheng 溪xi
泉quan 淼miao 晖hui 曦xi 昕xin 昭zhao 晟sheng 昱yu 暄xuan 炜wei 煜yu 烨ye 焱yan 灿can 炎yan 琨kun 琛chen 瑜yu 瑾jin 璇xuan 璟jing
珊shan 珂ke 琼qiong 瑛ying 玮wei 珏jue 琰yan 萌meng 蓓bei 芸yun 芝zhi 芷zhi 苓ling 茹ru 荷he 莲lian 菊ju 蕊rui 蔚wei 若ruo 卉hui
娇jiao 婕jie 嫣yan 娴xian 婵chan 姝shu 妮ni 娅ya 姣jiao 惠hui 慈ci 恩en 爱ai 心xin 意yi 念nian 忆yi 情qing 愉yu 笑xiao 歌ge 舞wu
书shu 画hua 棋qi 墨mo 笛di 箫xiao 声sheng 音yin 韵yun 律lv 章zhang 武wu 彦yan 修xiu 英ying 雄xiong 威wei 坚jian 壮zhuang 巍wei
峻jun 岩yan 岭ling 崇chong 嵩song 岳yue 川chuan 野ye 原yuan 田tian 园yuan 树shu 木mu 禾he 穗sui 丰feng 年nian 岁sui 夏xia 冬dong
霜shuang 雷lei 风feng 星xing 日ri 夕xi 彩cai 朱zhu 碧bi 翠cui 蓝lan 紫zi 银yin 铁tie 锦jin 绣xiu 素su 丝si 珠zhu 禄lu 寿shou 吉ji
和he 美mei 好hao 馨xin 郁yu 竹zhu 桃tao 杏xing 枫feng 桦hua 柳liu 族zu 先xian 方fang 向xiang 久jiu 继ji 承cheng 传chuan 世shi
代dai 宗zong 祖zu 道dao 礼li 聪cong 识shi 知zhi 想xiang 理li 哲zhe 贤xian 圣sheng 逸yi 潇xiao 致zhi 贞zhen 纯chun 真zhen 善shan
实shi 朴pu 质zhi 厚hou 稳wen 业ye 功gong 就jiu 财cai 富fu 耀yao 煌huang 鹰ying 凤feng 鸾luan 莺ying 雁yan 虎hu 麟lin 骏jun 驰chi
骐qi 骥ji 之zhi 鸣ming 雯wen 淇qi 祺qi 骞qian 毓yu 钰yu 晋jin 锐rui 钧jun 镇zhen 钊zhao 勋xun 劲jin 励li 勉mian 效xiao 至zhi
治zhi 政zheng 策ce 凯kai 旋xuan 捷jie 冠guan 魁kui 元yuan 首shou 汉han 唐tang 宋song 涌yong 燊shen 彪biao 猛meng 毛mao 菁jing
静jing 倍bei 贝bei 蓬peng 鹃juan 娣di 妹mei 姐jie 玫mei 瑰gui 翼yi 羽yu 翎ling 雀que 蝶die 露lu 霏fei 霓ni 影ying 芙fu 蓉rong
晏yan 宴yan 宜yi 容rong 宏hong 宽kuan 寒han 富fu 守shou 定ding 宪xian 家jia 宁ning 学xue 孟meng 季ji 孔kong 存cun 孜zi 紫zi
乐le|yue 长chang|zhang 重zhong|chong 朝zhao|chao 行xing|hang 曾zeng|ceng 单dan|shan 解jie|xie 少shao 小xiao 大da 二er 三san
四si 五wu 六liu 七qi 八ba 九jiu 十shi 百bai 千qian 万wan 亿yi 兆zhao 振zhen 伊yi 依yi 衣yi 怡yi 贻yi 仪yi 毅yi 艺yi 益yi
谊yi 逸yi 懿yi 以yi 奕yi 翊yi 弈yi 熠yi 兵bing 斌bin 滨bin 彬bin 宾bin 冰bing 玉yu 宇yu 雨yu 语yu 羽yu 禹yu 瑜yu 育yu 煜yu
誉yu 钰yu 裕yu 豫yu 昱yu 芋yu 渝yu 愉yu 予yu 于yu 余yu 萱xuan 宣xuan 璇xuan 玄xuan 暄xuan 炫xuan 铉xuan 烜xuan 煊xuan`;

function parse(table: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const item of table.split(/\s+/)) {
    const match = /^(\p{Script=Han}+)([a-z|]+)$/u.exec(item);
    if (match) m.set(match[1], match[2].split('|'));
  }
  return m;
}

const SURNAME = parse(SURNAMES);
const COMPOUND_SURNAME = parse(COMPOUND);
const GIVEN_CHARS = parse(GIVEN);

/** Every reading of a run of characters (readings multiply; none when one character is unknown). */
function readings(chars: string[], table: (ch: string) => string[] | undefined): string[] {
  let out = [''];
  for (const ch of chars) {
    const r = table(ch);
    if (!r) return [];
    out = out.flatMap((prefix) => r.map((x) => prefix + x)).slice(0, 16);
  }
  return out;
}

/**
 * The forms of a Chinese name a password must not contain: surname + given
 * name, given name + surname, and the given name alone when it has two
 * characters or more. Empty when the name is not Chinese or has a character
 * outside the table. Forms shorter than 4 letters are left out (too many
 * ordinary words contain "li" or "wei").
 */
export function nameForms(displayName: string): string[] {
  const name = [...displayName.replace(/[\s·•]/g, '')];
  if (name.length < 2 || name.length > 6 || !name.every((c) => /\p{Script=Han}/u.test(c))) return [];
  const compound = COMPOUND_SURNAME.get(name.slice(0, 2).join(''));
  const surnames = compound ?? SURNAME.get(name[0]) ?? GIVEN_CHARS.get(name[0]);
  if (!surnames) return [];
  const given = name.slice(compound ? 2 : 1);
  if (!given.length) return [];
  const givens = readings(given, (c) => GIVEN_CHARS.get(c) ?? SURNAME.get(c));
  if (!givens.length) return [];
  const forms = new Set<string>();
  for (const s of surnames) {
    for (const g of givens) {
      forms.add(s + g);
      forms.add(g + s);
      if (given.length >= 2) forms.add(g);
    }
  }
  return [...forms].filter((f) => f.length >= 4);
}
