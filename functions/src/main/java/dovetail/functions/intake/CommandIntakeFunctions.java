package dovetail.functions.intake;

import dovetail.functions.reply.Reply;
import java.util.function.Function;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Kafka command intake as a function, {@code thingCommands}. It is bound to the commands and results topics
 * by Spring Cloud Stream only because {@code spring.cloud.function.definition} names it; no other function is.
 */
@Configuration(proxyBeanMethods = false)
public class CommandIntakeFunctions {

    @Bean
    @SuppressWarnings("unchecked")
    public ThingCommandIntake thingCommands(BeanFactory beans) {
        return new ThingCommandIntake(function -> beans.getBean(function.functionName(), Function.class));
    }
}
