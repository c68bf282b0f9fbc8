import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An outside Kafka client for the access tests: Apache Kafka's own Java client (kafka-clients, from
 * the broker's jars), sharing no code with the hub. Run as a single-file program:
 *
 *   java -cp '<jars>/*' KafkaProbe.java consume|produce <bootstrap> <user or ""> <password> <ca.pem> <topic> [group]
 *
 * Prints each record value read (consume, from the beginning to the end) and exits 0; on a refusal
 * prints the exception's class and message on stderr and exits 2.
 */
public class KafkaProbe {
  public static void main(String[] args) {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[1]);
    if (args[2].isEmpty()) {
      props.put("security.protocol", "SSL");
    } else {
      props.put("security.protocol", "SASL_SSL");
      props.put("sasl.mechanism", "SCRAM-SHA-512");
      props.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + args[2] + "\" password=\"" + args[3] + "\";");
    }
    props.put("ssl.truststore.type", "PEM");
    props.put("ssl.truststore.location", args[4]);
    props.put("default.api.timeout.ms", "10000");
    props.put("request.timeout.ms", "10000");
    props.put("max.block.ms", "10000");
    props.put("reconnect.backoff.max.ms", "1000");
    try {
      if (args[0].equals("produce")) produce(props, args[5]);
      else consume(props, args[5], args.length > 6 ? args[6] : null);
      System.exit(0);
    } catch (Exception error) {
      Throwable cause = error;
      while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
      System.err.println("REFUSED " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
      System.exit(2);
    }
  }

  static void produce(Properties props, String topic) throws Exception {
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    // Not idempotent: the refusal then names the topic, not the cluster-level idempotent-write right.
    props.put("enable.idempotence", "false");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      producer.send(new ProducerRecord<>(topic, "forged")).get();
    }
  }

  static void consume(Properties props, String topic, String group) {
    props.put("key.deserializer", StringDeserializer.class.getName());
    props.put("value.deserializer", StringDeserializer.class.getName());
    props.put("auto.offset.reset", "earliest");
    props.put("enable.auto.commit", "false");
    if (group != null) props.put("group.id", group);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(10))) partitions.add(new TopicPartition(topic, info.partition()));
      if (group != null) consumer.subscribe(List.of(topic));
      else {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
      }
      long deadline = System.currentTimeMillis() + 15_000;
      int read = 0;
      while (System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          System.out.println(record.value());
          read += 1;
        }
        if (read > 0) return;
      }
    }
  }
}
